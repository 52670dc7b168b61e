// Runs inside the engine tests' network namespace (only loopback, see sandbox.ts) and
// carries TCP connections across its edge through Unix sockets, which live in the shared
// filesystem and so reach both sides. It opens nothing by itself: the test process asks,
// one JSON line on stdin per request, and it answers one JSON line on stdout.
//   {"id":1,"op":"inbound","port":P,"socket":S}  listen on 127.0.0.1:P here; each connection goes to S
//                                                 (the test process serves S and connects to its own 127.0.0.1:P)
//   {"id":2,"op":"outbound","port":D,"socket":S} serve S; each connection goes to 127.0.0.1:D here
// It exits when stdin closes, that is when the test process goes away.
import { createInterface } from 'node:readline';
import net from 'node:net';

const servers = [];

function pipe(a, b) {
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
  a.pipe(b);
  b.pipe(a);
}

function reply(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line);
  const server =
    request.op === 'inbound'
      ? net.createServer((socket) => pipe(socket, net.connect(request.socket)))
      : net.createServer((socket) => pipe(socket, net.connect(request.port, '127.0.0.1')));
  server.on('error', (err) => reply({ id: request.id, error: err.message }));
  const ready = () => reply({ id: request.id, ok: true });
  if (request.op === 'inbound') server.listen(request.port, '127.0.0.1', ready);
  else server.listen(request.socket, ready);
  servers.push(server);
});
process.stdin.on('end', () => process.exit(0));
