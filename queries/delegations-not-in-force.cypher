// name: delegations-not-in-force
// title: Delegations not in force when used
// description: >-
//   Decisions taken under a delegation that was not in force on the decision date: the
//   delegation the decision cites, or else (when it cites none) the delegations made to the
//   decider whose matters cover the decision's matter, when none of those was in force that day.
//   Each row says whether the delegation had ended or had not yet started.
// parameters:
//   dataset:
//     type: string
//     default: northshire
//     description: The dataset name given to 'coigraph db push'.
MATCH (d:Decision {dataset: $dataset})-[:DECIDED_BY]->(decider)
MATCH (d)-[:DECIDES]->(mt:Matter)
MATCH (mt)-[:NARROWER_THAN*0..32]->(anc:Matter)
WITH d, decider, collect(DISTINCT anc.code) AS covers
MATCH (from:Body)-[g:DELEGATION]->(decider)
WHERE (d.delegation IS NOT NULL AND g.id = d.delegation)
   OR (d.delegation IS NULL AND any(code IN g.matters WHERE code IN covers))
WITH d, decider, collect(g) AS held
WHERE none(g IN held WHERE (g.start IS NULL OR g.start <= d.date) AND (g.end IS NULL OR g.end >= d.date))
UNWIND held AS g
RETURN d.id AS decision, d.date AS date, decider.name AS decided_by, g.id AS delegation,
       g.start AS start, g.end AS end,
       CASE WHEN g.end IS NOT NULL AND g.end < d.date THEN 'ended' ELSE 'not yet in force' END AS status,
       [d.src, g.src] AS evidence
ORDER BY decision, delegation
