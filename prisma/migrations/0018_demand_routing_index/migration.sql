-- Route marks a batch's demands done: UPDATE "Demand" SET stage = 'DONE' WHERE "ticketId" =
-- ANY(…) AND stage = 'ROUTE'. Through "Demand_ticketId_idx" that read every demand the batch's
-- tickets ever had — a hot ticket's thousands, for each new report. This index holds only the
-- demands waiting for routing (an entry is made when merge moves a demand to ROUTE, and route
-- moves it on), so the statement reads those alone, whatever the tickets' size.
CREATE INDEX "Demand_routing_idx" ON "Demand"("ticketId") WHERE stage = 'ROUTE';
