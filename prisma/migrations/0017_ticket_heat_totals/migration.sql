-- The heat refresh (every 15 minutes) summed every demand of every ticket seen in the last year,
-- to apply the heat formula as of now: ~0.26 s of database time per 100,000 demands, about a
-- minute per run at a year of Beijing's 12345 volume. Only the decay changes for a ticket whose
-- demands did not: the refresh now keeps each ticket's demand totals with the ticket version they
-- were summed at, and sums demands again only for tickets whose version moved since.
ALTER TABLE "Ticket" ADD COLUMN "heatTotals" JSONB;
ALTER TABLE "Ticket" ADD COLUMN "heatVersion" INTEGER NOT NULL DEFAULT -1;
