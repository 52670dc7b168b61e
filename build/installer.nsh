; Gavel's additions to electron-builder's NSIS installer (electron-builder.yml: nsis.include).
;
; Windows Firewall asks the first time a program listens for connections from the network,
; which Gavel does when it hosts (TCP 4700 and up, mDNS on UDP 5353). An installer that runs
; elevated - "Anyone who uses this computer" - answers for private networks ahead of time: an
; inbound allow rule for Gavel.exe, private profile only, removed again on uninstall. A
; per-user install ("Only for me") has no administrator rights, so it cannot add a firewall
; rule; Windows then asks on the first hosting and the user ticks "Private networks"
; (README, Troubleshooting).

!macro gavelDeleteFirewallRule
  nsExec::ExecToLog '"$SYSDIR\netsh.exe" advfirewall firewall delete rule name="Gavel" dir=in program="$INSTDIR\${APP_EXECUTABLE_FILENAME}"'
  Pop $0
!macroend

!macro customInstall
  ${if} $installMode == "all"
  ${andIf} ${UAC_IsAdmin}
    ; Replace, never duplicate, the rule of an earlier install in the same folder.
    !insertmacro gavelDeleteFirewallRule
    nsExec::ExecToLog '"$SYSDIR\netsh.exe" advfirewall firewall add rule name="Gavel" description="Bidders on the local network join auctions hosted by Gavel." dir=in action=allow program="$INSTDIR\${APP_EXECUTABLE_FILENAME}" profile=private enable=yes'
    Pop $0
    DetailPrint "Windows Firewall rule for Gavel on private networks: exit code $0"
  ${endIf}
!macroend

!macro customUnInstall
  ${if} ${UAC_IsAdmin}
    !insertmacro gavelDeleteFirewallRule
  ${endIf}
!macroend
