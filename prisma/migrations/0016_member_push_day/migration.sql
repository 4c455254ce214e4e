-- Push keeps each member within a daily limit. It counted the member's items delivered today in
-- "InboxItem" once per candidate item, so a push read more index entries the more the day had
-- delivered (2,962 buffers per call in a 5,000-demand run, 14,070 in a 50,000 run). Each
-- member's deliveries per China day are now counted as they happen, by the same statement that
-- delivers (under the member's push lock), and read with one key lookup per member.
CREATE TABLE "MemberPushDay" (
  "memberId" TEXT NOT NULL,
  day DATE NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY ("memberId", day)
);
-- the days so far (China time, UTC+8 without daylight saving), from the items delivered
INSERT INTO "MemberPushDay" ("memberId", day, n)
SELECT "memberId", ("pushedAt" + interval '8 hours')::date, count(*)::int
FROM "InboxItem" WHERE "pushedAt" IS NOT NULL
GROUP BY 1, 2;
