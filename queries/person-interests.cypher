// name: person-interests
// title: One person's interests as at a date
// description: >-
//   Everything that could give one person an interest on a date: the entries on the register of
//   interests in force that day (in an organisation or in a subject), the posts they hold
//   (in organisations and on boards and committees), and the posts and direct register entries
//   of their close associates (spouse, relative, business partner) through an association in
//   force that day, which are indirect interests of the person.
// parameters:
//   dataset:
//     type: string
//     default: northshire
//     description: The dataset name given to 'coigraph db push'.
//   person:
//     type: string
//     default: rebecca-stanforth
//     description: The person's id.
//   as_at:
//     type: date
//     default: 2025-05-14
//     description: The date, as YYYY-MM-DD.
MATCH (p:Person {dataset: $dataset, id: $person})
WITH p, date($as_at) AS on
MATCH (p)-[al:ASSOCIATION*0..1]-(h:Person)
WHERE (size(al) = 0 OR h <> p)
  AND all(a IN al WHERE (a.start IS NULL OR a.start <= on) AND (a.end IS NULL OR a.end >= on))
MATCH (h)-[c:POSITION|INTEREST]->(x)
WHERE (c.start IS NULL OR c.start <= on) AND (c.end IS NULL OR c.end >= on)
  AND NOT (size(al) = 1 AND type(c) = 'INTEREST' AND coalesce(c.indirect, false))
RETURN CASE WHEN type(c) = 'INTEREST' THEN 'declared interest' ELSE 'post' END AS kind,
       (size(al) = 1 OR coalesce(c.indirect, false)) AS indirect,
       CASE WHEN size(al) = 1 THEN h.name ELSE null END AS through,
       CASE WHEN size(al) = 1 THEN coalesce(head(al).relationship, head(al).kind) ELSE c.relationship END
         AS relationship,
       c.id AS record, c.key AS key, coalesce(x.name, x.key) AS concerns, x.key AS concerns_key,
       c.role AS role, c.types AS types, c.description AS description,
       c.start AS start, c.end AS end, c.src AS evidence
ORDER BY indirect, kind, concerns_key, key
