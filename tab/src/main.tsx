import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { Root } from './Root';
import { readQuery } from './host/query';
import './global.css';

const element = document.getElementById('root');
if (element) {
  createRoot(element).render(
    <StrictMode>
      <Root query={readQuery()} />
    </StrictMode>,
  );
}
