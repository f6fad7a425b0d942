import { render } from 'preact';
import { App } from './App.tsx';
import { Controller, initStore } from './controller.ts';
import { chime } from './sound.ts';
import './styles.css';
import './continuity.css';

void initStore().then(() => {
  const controller = new Controller();
  controller.onIncoming = () => {
    if (controller.state.sound && (!controller.state.open || document.visibilityState === 'hidden'))
      chime();
  };
  render(<App c={controller} />, document.getElementById('app')!);
  void controller.start();
});
