"""The offline service worker: sw.js's build data (worker.py); its code is the
theme file overrides/sw.js."""
