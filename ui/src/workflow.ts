// Mirrors workflow/workflow.go: the complaint state machine. The server
// enforces it; the app only offers the moves that can succeed.
export type Status =
  | 'registered' | 'verifying' | 'proposed' | 'resolved' | 'visited' | 'closed' | 'withdrawn';

const next: Record<string, Status[]> = {
  registered: ['verifying', 'withdrawn'],
  verifying: ['proposed', 'withdrawn'],
  proposed: ['resolved', 'withdrawn'],
  resolved: ['visited'],
  visited: ['closed'],
};

export function nextStatuses(from: string): Status[] {
  return next[from] ?? [];
}

export function canMove(from: string, to: string): boolean {
  return from === to || nextStatuses(from).includes(to as Status);
}

/** Still being handled: shown in the open list. */
export function isActive(status: string): boolean {
  return status !== 'closed' && status !== 'withdrawn';
}

export const compensationTypes = ['compensation', 'advance_compensation'];
