import { render } from 'preact';
import { App } from './App';
import { lang } from './i18n';
import { startUpdates } from './update';
import './style.css';

document.documentElement.lang = lang.value === 'zh' ? 'zh-CN' : 'en';
render(<App />, document.getElementById('app')!);
startUpdates();
