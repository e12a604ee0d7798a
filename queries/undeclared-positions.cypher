// name: undeclared-positions
// title: Possibly undeclared positions
// description: >-
//   People who sit on a board or committee and, on the date, hold a post in an organisation
//   (a directorship, employment, partnership, trusteeship...) with no entry on the register of
//   interests for that organisation in force that day. Posts in an organisation that owns a body
//   they sit on are left out (an ICB's own officers need not declare the ICB). A lead for the
//   register's keeper, not a finding: the post may be declared in words the register does not
//   link to the organisation.
// parameters:
//   dataset:
//     type: string
//     default: northshire
//     description: The dataset name given to 'coigraph db push'.
//   as_at:
//     type: date
//     default: 2025-05-14
//     description: The date, as YYYY-MM-DD.
MATCH (p:Person {dataset: $dataset})-[seat:POSITION]->(b:Body)
WITH p, date($as_at) AS on, seat, b
WHERE (seat.start IS NULL OR seat.start <= on) AND (seat.end IS NULL OR seat.end >= on)
OPTIONAL MATCH (b)-[:OWNED_BY]->(own:Organisation)
WITH p, on, collect(DISTINCT b.name) AS sits_on, collect(DISTINCT own.key) AS own_orgs
MATCH (p)-[post:POSITION]->(o:Organisation)
WHERE (post.start IS NULL OR post.start <= on) AND (post.end IS NULL OR post.end >= on)
  AND NOT o.key IN own_orgs
  AND NOT EXISTS {
    MATCH (p)-[i:INTEREST]->(o)
    WHERE (i.start IS NULL OR i.start <= on) AND (i.end IS NULL OR i.end >= on)
  }
RETURN p.id AS person, p.name AS person_name, o.id AS organisation, o.name AS organisation_name,
       post.role AS role, post.id AS position, post.start AS start, sits_on, post.src AS evidence
ORDER BY person, organisation, position
