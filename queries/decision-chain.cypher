// name: decision-chain
// title: The delegation chain of a decision
// description: >-
//   Every complete chain of authority for one decision: from whoever decided (a committee or an
//   officer) up through delegations whose matters cover the decision's matter (a matter covers
//   its narrower matters), to a board that holds the matter without any delegation of it, as
//   'coigraph trace' searches it. A delegation that names its parent must be followed by that
//   parent. A decision taken by a board under no delegation gives a chain of no links. At most
//   eleven links. Rows are chains; each lists its delegations from the decider upward, with
//   their limits and whether each was in force on the decision date. No row means no complete
//   chain: run 'coigraph trace' for the reasons.
// parameters:
//   dataset:
//     type: string
//     default: northshire
//     description: The dataset name given to 'coigraph db push'.
//   decision:
//     type: string
//     default: dec-2025-07-remote-monitoring
//     description: The decision's id.
MATCH (d:Decision {dataset: $dataset, id: $decision})-[:DECIDED_BY]->(decider)
MATCH (d)-[:DECIDES]->(mt:Matter)
MATCH (mt)-[:NARROWER_THAN*0..32]->(anc:Matter)
WITH d, decider, collect(DISTINCT anc.code) AS covers
MATCH chain = (top:Body)-[:DELEGATION*0..11]->(decider)
WITH d, decider, covers, top, nodes(chain) AS ns, reverse(relationships(chain)) AS links
WHERE top.kind = 'board'
  AND all(l IN links WHERE any(code IN l.matters WHERE code IN covers))
  AND all(i IN range(1, size(ns) - 1) WHERE NOT ns[i] IN ns[0..i])
  AND all(i IN range(0, size(links) - 2) WHERE links[i].parent IS NULL OR links[i].parent = links[i + 1].id)
  AND (size(links) = 0 OR links[size(links) - 1].parent IS NULL)
  AND NOT EXISTS {
    MATCH (:Body)-[up:DELEGATION]->(top)
    WHERE any(code IN up.matters WHERE code IN covers)
  }
RETURN d.id AS decision, d.date AS date, d.value AS value, decider.name AS decided_by,
       top.id AS accountable_board, top.name AS accountable_board_name, size(links) AS links,
       [l IN links | l.id] AS delegations,
       [l IN links | l.limit] AS limits,
       [l IN links | (l.start IS NULL OR l.start <= d.date) AND (l.end IS NULL OR l.end >= d.date)]
         AS in_force,
       [l IN links | l.src] AS evidence
ORDER BY links, delegations
