import type { EventInput } from '../analytics/events.js';

/** What a turn holds its events in (a TurnContext's turnState). */
export interface HasTurnState {
  readonly turnState: Map<unknown, unknown>;
}

const EVENTS = Symbol('analyticsEvents');

/**
 * Notes an analytics event of this turn. The bot hands the turn's events to the recorder only
 * once its state is saved, so a turn run again after a state conflict records its events once.
 */
export function recordTurnEvent(context: HasTurnState, event: EventInput): void {
  const list = context.turnState.get(EVENTS) as EventInput[] | undefined;
  if (list) list.push(event);
  else context.turnState.set(EVENTS, [event]);
}

/** The turn's events, once (the list is emptied). */
export function takeTurnEvents(context: HasTurnState): EventInput[] {
  const list = (context.turnState.get(EVENTS) as EventInput[] | undefined) ?? [];
  context.turnState.delete(EVENTS);
  return list;
}
