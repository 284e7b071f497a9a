// The public survey page (survey.html at /s/<token>): no account, none of
// the staff app's code or storage.
import { render } from 'preact';
import { lang } from '../i18n';
import { tokenOf } from './api';
import { SurveyPage } from './SurveyPage';
import '../style.css';
import './publicsurvey.css';

document.documentElement.lang = lang.value === 'zh' ? 'zh-CN' : 'en';
render(<SurveyPage token={tokenOf(location.pathname)} />, document.getElementById('survey')!);
