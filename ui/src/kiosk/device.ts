// Whether this browser has served as a kiosk: set when a kiosk first keeps
// its survey, so that a customer's phone never opens the kiosk's database.
const KEY = 'mallcare-kiosk';

export function isKioskDevice(): boolean {
  return globalThis.localStorage?.getItem(KEY) === '1';
}

export function markKioskDevice() {
  globalThis.localStorage?.setItem(KEY, '1');
}
