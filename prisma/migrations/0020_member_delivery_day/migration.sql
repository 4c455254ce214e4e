-- Push keeps each member within a daily limit. It counted the member's items delivered today in
-- "InboxItem", once per member per delivering statement — as many index entries as the day had
-- delivered to the member: the scheduled batch read ~68,000 buffers per call after a
-- 5,000-demand backlog (members without a practical limit get hundreds of items a day). Each
-- member's deliveries per China day are now counted as they happen, by the statement that
-- inserts the items (under the member's push lock), and read with one key lookup per member.
-- (Tried in session 9 while route still inserted every waiting item, and reverted: the push
-- then updated items route's inserts waited on. Push alone inserts items now.)
CREATE TABLE "MemberDeliveryDay" (
  "memberId" TEXT NOT NULL,
  day DATE NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY ("memberId", day)
);
-- the days so far (China time, UTC+8 without daylight saving), from the items delivered
INSERT INTO "MemberDeliveryDay" ("memberId", day, n)
SELECT "memberId", ("pushedAt" + interval '8 hours')::date, count(*)::int
FROM "InboxItem" WHERE "pushedAt" IS NOT NULL
GROUP BY 1, 2;
