// Renderer entry: one StationClient (Electron preload or browser mode, chosen in station-client.ts)
// handed to the React tree.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { StationProvider } from './station-context.tsx';
import { createStationClient } from './station-client.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StationProvider client={createStationClient()}>
    <App />
  </StationProvider>,
);
