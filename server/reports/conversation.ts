/**
 * The conversation an event belongs to, as reports count conversations: the X conversation or the
 * YouTube video, else the target itself. Stored with each event (migration 008) so reports read it
 * from their index; the migration's backfill writes the same `platform:id` form in SQL.
 */
export function conversationKey(
  platform: string,
  conversationId: string | null | undefined,
  targetId: string,
) {
  return `${platform}:${conversationId ?? targetId}`;
}
