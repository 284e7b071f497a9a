// The admin screens, one chunk loaded when an admin first opens one.
import './admin.css';

export { Hub } from './Hub';
export { Staff } from './Staff';
export { Shops } from './Shops';
export { Templates, TemplateEditor } from './Templates';
export { Plans } from './Plans';

