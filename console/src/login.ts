import { KEY_STORAGE } from './api';

// The key goes in a cookie for page loads (SameSite=Strict, /console only) and in local storage
// for the console's own requests, which send it as x-api-key like any client.
document.getElementById('key-form')!.addEventListener('submit', (e) => {
  e.preventDefault();
  const key = (document.getElementById('key') as HTMLInputElement).value.trim();
  localStorage.setItem(KEY_STORAGE, key);
  document.cookie = `stockgraph_console_key=${encodeURIComponent(key)}; path=/console; SameSite=Strict`;
  location.href = '/console/';
});
