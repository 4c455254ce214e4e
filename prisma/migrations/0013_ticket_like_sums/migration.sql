-- A ticket's heat counts the likes and dislikes of its demands. The merge transaction summed them
-- over every demand of each ticket a batch grew, under the merge lock: a hot issue with tens of
-- thousands of reports made every batch that touched it read them all while every other merge
-- waited. The sums are kept on the ticket and grown by each batch's joins instead.
ALTER TABLE "Ticket" ADD COLUMN "likes" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Ticket" ADD COLUMN "dislikes" INTEGER NOT NULL DEFAULT 0;
UPDATE "Ticket" AS t SET likes = s.likes, dislikes = s.dislikes
FROM (
  SELECT "ticketId", COALESCE(sum(likes), 0)::int AS likes, COALESCE(sum(dislikes), 0)::int AS dislikes
  FROM "Demand" WHERE "ticketId" IS NOT NULL GROUP BY "ticketId"
) AS s
WHERE t.id = s."ticketId";
