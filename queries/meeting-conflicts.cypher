// name: meeting-conflicts
// title: Conflicts of interest for a meeting
// description: >-
//   For each agenda item of a meeting, the people on its attendance list (apologies and absent
//   left out) whose interests reach an organisation the item is listed as affecting (other than
//   items about the members themselves), with the evidence path.
//   The same typed, bounded search as 'coigraph screen': a post or a declared interest (or a
//   seat on a body, reaching the organisation that owns it; on a body of several owners, the
//   owner the seat is for),
//   or control of a company on a public register (Companies House PSC, BODS)
//   (controls: to confirm; only while in force on the meeting date; not where the person's
//   own register names the organisation), directly or through an associate
//   (spouse, relative, business partner), then at most two organisation steps along one line of
//   subsidiary_of / member_of / owns / subcontractor_of / collaborative_member_of, all up or all down. Never through the organisation that
//   owns the meeting's body (for a joint committee: through ccg or the ICB or NHS England or pct_cluster among its
//   owners), never from a seat on that body. Everything in force on the meeting
//   date; the post or register entry may have ended up to lookback_days before it. For each
//   item, person, organisation and post or entry, only the shortest routes are kept.
//   Generated from the path grammar (coigraph/paths/grammar.py) by
//   'python -m coigraph.paths.cypher --write-saved-query': edit the grammar, not this file.
// parameters:
//   dataset:
//     type: string
//     default: northshire
//     description: The dataset name given to 'coigraph db push'.
//   meeting:
//     type: string
//     default: icb-board-2025-05
//     description: The meeting's id.
//   lookback_days:
//     type: integer
//     default: 183
//     description: How long an interest that has ended still counts, in days.
MATCH (m:Meeting {dataset: $dataset, id: $meeting})-[:MEETING_OF]->(body:Body)
OPTIONAL MATCH (body)-[:OWNED_BY]->(owner:Organisation)
WITH m, body, collect(owner) AS owners
WITH m, body, m.date AS on, m.date - duration({days: $lookback_days}) AS since,
     [o IN owners WHERE size(owners) <= 1 OR o.kind IN ['ccg', 'icb', 'nhs_england', 'pct_cluster'] | o.key] AS excluded,
     [body.id] AS excluded_bodies
MATCH (p:Person)-[att:ATTENDANCE]->(m)
WHERE NOT att.status IN ['apologies', 'absent']
MATCH (item:AgendaItem)-[:ITEM_OF]->(m)
MATCH (item)-[aff:AFFECTS]->(target:Organisation)
WHERE aff.effect <> 'self' AND NOT target.key IN excluded
// the person, or an associate of theirs (either way round), in force on the date
MATCH (p)-[al:ASSOCIATION*0..1]-(h:Person)
WHERE (size(al) = 0 OR h <> p)
  AND all(a IN al WHERE (a.start IS NULL OR a.start <= on) AND (a.end IS NULL OR a.end >= on))
// the post or register entry that carries the interest
MATCH (h)-[c:POSITION|INTEREST|CONTROLS]->(x)
WHERE (x:Organisation OR (x:Body AND type(c) = 'POSITION'))
  AND (c.start IS NULL OR c.start <= on) AND (c.end IS NULL OR c.end >= CASE WHEN type(c) = 'CONTROLS' THEN on ELSE since END)
  AND NOT (size(al) = 1 AND type(c) = 'INTEREST' AND coalesce(c.indirect, false))
  AND NOT (type(c) = 'CONTROLS' AND EXISTS { (p)-[cover:INTEREST]->(x) WHERE (cover.start IS NULL OR cover.start <= on) AND (cover.end IS NULL OR cover.end >= since) })
  AND (type(c) <> 'POSITION' OR c.body IS NULL OR NOT c.body IN excluded_bodies)
// a seat on a body lands on the organisations that own it
MATCH (x)-[ow:OWNED_BY*0..1]->(o:Organisation)
WHERE ((x:Organisation AND size(ow) = 0)
       OR (x:Body AND size(ow) = 1 AND NOT x.id IN excluded_bodies
           AND (x.start IS NULL OR x.start <= on) AND (x.end IS NULL OR x.end >= on)
           AND (COUNT { (x)-[:OWNED_BY]->() } = 1 OR c.organisation = o.id)))
  AND NOT o.key IN excluded
  AND (o.start IS NULL OR o.start <= on) AND (o.end IS NULL OR o.end >= on)
// then at most two organisation steps along one line, all up or all down
MATCH w = (o)-[:ORG_RELATION*0..2]-(target)
WITH item, aff, on, excluded, p, al, h, c, x, ow, o, target, nodes(w) AS ns, relationships(w) AS rs
WHERE size(al) + 1 + size(ow) + size(rs) <= 5
  AND all(r IN rs WHERE r.kind IN ['subsidiary_of', 'member_of', 'owns', 'subcontractor_of', 'collaborative_member_of'] AND (r.start IS NULL OR r.start <= on) AND (r.end IS NULL OR r.end >= on))
  AND all(i IN range(1, size(ns) - 1) WHERE NOT ns[i] IN ns[0..i])
  AND all(n IN tail(ns) WHERE NOT n.key IN excluded AND (n.start IS NULL OR n.start <= on) AND (n.end IS NULL OR n.end >= on))
  AND (all(i IN range(0, size(rs) - 1) WHERE (startNode(rs[i]) = ns[i]) = (rs[i].kind IN ['subsidiary_of', 'member_of', 'subcontractor_of', 'collaborative_member_of']))
       OR all(i IN range(0, size(rs) - 1) WHERE (startNode(rs[i]) = ns[i]) = (rs[i].kind IN ['owns'])))
WITH item, aff, on, p, target, c, CASE WHEN size(al) = 1 THEN head(al).key ELSE null END AS via,
     [p] + CASE WHEN size(al) = 1 THEN [h] ELSE [] END + [x]
         + CASE WHEN size(ow) = 1 THEN [o] ELSE [] END + tail(ns) AS path_nodes,
     al + [c] + ow + rs AS path_rels,
     CASE WHEN size(ow) = 1 THEN x.key ELSE null END AS via_body
// keep the shortest routes for each item, person, organisation and post or entry
WITH item, aff, on, p, target, c, via, via_body, path_nodes, path_rels ORDER BY size(path_rels)
WITH item, aff, on, p, target, c, via, collect({nodes: path_nodes, rels: path_rels, via_body: via_body}) AS found
UNWIND [f IN found WHERE size(f.rels) = size(found[0].rels)] AS best
RETURN item.number AS item, item.title AS item_title, aff.effect AS effect,
       p.id AS person, p.name AS person_name, target.id AS organisation,
       target.name AS organisation_name, toLower(type(c)) AS carrier, c.id AS carrier_id,
       (via IS NOT NULL OR coalesce(c.indirect, false)) AS indirect,
       CASE WHEN c.end IS NULL OR c.end >= on THEN 'current' ELSE 'ended' END AS recency,
       size(best.rels) AS steps,
       [n IN best.nodes | coalesce(n.name, n.key)] AS path,
       [r IN best.rels | r.key] AS path_keys,
       [r IN best.rels WHERE r.src IS NOT NULL | r.src] AS evidence
ORDER BY item, person, organisation, steps, path_keys
