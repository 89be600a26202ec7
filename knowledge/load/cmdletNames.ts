/**
 * Finds PowerShell cmdlet and script names in text, so the validator can check each against
 * cmdlets.yaml. Only approved PowerShell verbs count: "Lync-Skype" or "Add-in" are not cmdlets.
 */
const VERBS = [
  'Add', 'Approve', 'Assert', 'Backup', 'Block', 'Clear', 'Close', 'Compare', 'Complete', 'Compress', 'Confirm', 'Connect',
  'Convert', 'ConvertFrom', 'ConvertTo', 'Copy', 'Debug', 'Deny', 'Disable', 'Disconnect', 'Dismount', 'Edit', 'Enable',
  'Enter', 'Exit', 'Expand', 'Export', 'Find', 'Format', 'Get', 'Grant', 'Hide', 'Import', 'Initialize', 'Install',
  'Invoke', 'Join', 'Limit', 'Lock', 'Measure', 'Merge', 'Mount', 'Move', 'New', 'Open', 'Optimize', 'Out', 'Ping',
  'Pop', 'Protect', 'Publish', 'Push', 'Read', 'Receive', 'Redo', 'Register', 'Remove', 'Rename', 'Repair', 'Request',
  'Reset', 'Resize', 'Resolve', 'Restart', 'Restore', 'Resume', 'Revoke', 'Save', 'Search', 'Select', 'Send', 'Set',
  'Show', 'Skip', 'Split', 'Start', 'Step', 'Stop', 'Submit', 'Suspend', 'Switch', 'Sync', 'Test', 'Trace', 'Unblock',
  'Undo', 'Uninstall', 'Unlock', 'Unprotect', 'Unregister', 'Update', 'Use', 'Wait', 'Watch', 'Write',
];

const CMDLET = new RegExp(`(?<![\\w-])(?:${VERBS.join('|')})-[A-Z][A-Za-z0-9]+(?![\\w-]|\\.ps1)`, 'g');
const SCRIPT = /(?<![\w.-])[A-Za-z][A-Za-z0-9-]*\.ps1\b/g;

/** Every distinct cmdlet or `.ps1` script named in `text`, in order of first appearance. */
export function findCmdletNames(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(CMDLET)) found.add(m[0]);
  for (const m of text.matchAll(SCRIPT)) found.add(m[0]);
  return [...found];
}
