-- A merge job takes the oldest demands waiting at MERGE along with its own (coalescing): the first
-- N by id. Through "Demand_in_flight_idx" or the primary key the planner chose by statistics that
-- a backlog outruns, and read either every waiting demand (then sorted them) or every demand ever
-- merged (walking the primary key). This index holds only the demands waiting at MERGE, in id
-- order: the read walks it and stops after N (see readOldestWaiting in merge-demand.ts).
CREATE INDEX "Demand_merging_idx" ON "Demand"(id) WHERE stage = 'MERGE';
