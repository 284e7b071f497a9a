import { lazy, lazyWords } from '../lazy';
import type { Route, Tab } from '../nav';
import { Icon } from '../components/Icon';
import { dictionary } from '../i18n';

// the tab's name only: the screens' words (strings.ts) load with the screens
const tab = dictionary({ surveys: '满意度' }, { surveys: 'Surveys' });

// Loaded when first opened, precached for offline use.
const SurveyList = lazy(() => import('./SurveyList'), 'SurveyList');
const TakeSurvey = lazy<{ kind: string; complaintId?: string }>(() => import('./TakeSurvey'), 'TakeSurvey');
const SurveyDetail = lazy<{ id: string }>(() => import('./SurveyDetail'), 'SurveyDetail');

export const routes: Route[] = [
  { pattern: /^\/surveys$/, render: () => <SurveyList />, tab: '/surveys' },
  { pattern: /^\/surveys\/new\/(customer|merchant)$/, render: ([kind]) => <TakeSurvey key={kind} kind={kind} />, tab: '/surveys' },
  { pattern: /^\/surveys\/callback\/([a-z0-9]+)$/, render: ([id]) => <TakeSurvey key={id} kind="callback" complaintId={id} />, tab: '/complaints' },
  { pattern: /^\/surveys\/([a-z0-9]+)$/, render: ([id]) => <SurveyDetail id={id} />, tab: '/surveys' },
];

export const tabs: Tab[] = [
  { href: '/surveys', icon: () => <Icon name="survey" />, label: () => tab('surveys'), may: 'surveyTakers', main: 'complaintWriters', order: 50, testId: 'nav-surveys' },
];

export const words = lazyWords(() => import('./words'), ['survey_responses']);
