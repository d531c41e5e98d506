import * as React from 'react';
import { createRoot } from 'react-dom/client';
import 'sandbox-elements/styles.css';
import './workspace.css';
import { Workspace } from './workspace.jsx';

createRoot(document.getElementById('root')).render(
  <React.StrictMode>
    <Workspace config={window.__WORKSPACE__} />
  </React.StrictMode>,
);
