import { FluentProvider, Title2, Body1, teamsLightTheme } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { t } from '../../bot/src/i18n';

function App() {
  return (
    <FluentProvider theme={teamsLightTheme}>
      <main style={{ padding: 24 }}>
        <Title2 as="h1">{t('fi', 'app.name')}</Title2>
        <Body1 as="p">{t('fi', 'app.tagline')}</Body1>
      </main>
    </FluentProvider>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
