// name: decisions-over-limit
// title: Decisions over their delegated limit
// description: >-
//   Decisions whose value is over the financial limit of the delegation the decider held them
//   under: the delegation the decision cites, or else every delegation made to the decider whose
//   matters cover the decision's matter and that was in force on the decision date. A decision
//   is listed only when every such delegation has a limit below its value (a delegation with no
//   limit covers any value). Decisions with no such delegation at all are for 'decision-chain'
//   and 'coigraph trace' (a broken chain), not here.
// parameters:
//   dataset:
//     type: string
//     default: northshire
//     description: The dataset name given to 'coigraph db push'.
MATCH (d:Decision {dataset: $dataset})-[:DECIDED_BY]->(decider)
WHERE d.value IS NOT NULL
MATCH (d)-[:DECIDES]->(mt:Matter)
MATCH (mt)-[:NARROWER_THAN*0..32]->(anc:Matter)
WITH d, decider, collect(DISTINCT anc.code) AS covers
MATCH (from:Body)-[g:DELEGATION]->(decider)
WHERE (d.delegation IS NOT NULL AND g.id = d.delegation)
   OR (d.delegation IS NULL AND any(code IN g.matters WHERE code IN covers)
       AND (g.start IS NULL OR g.start <= d.date) AND (g.end IS NULL OR g.end >= d.date))
WITH d, decider, collect(g) AS held
WHERE size(held) > 0 AND all(g IN held WHERE g.limit IS NOT NULL AND g.limit < d.value)
UNWIND held AS g
RETURN d.id AS decision, d.date AS date, d.value AS value, decider.name AS decided_by,
       g.id AS delegation, g.limit AS limit, d.value - g.limit AS over_by,
       g.instrument AS instrument, [d.src, g.src] AS evidence
ORDER BY decision, delegation
