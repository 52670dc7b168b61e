import { mount } from 'svelte';
import App from './App.svelte';
import './styles/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// index.html holds a note that shows while the scripts load; the app takes its place.
target.replaceChildren();
export default mount(App, { target });
