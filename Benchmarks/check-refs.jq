# check-refs.jq — the cross-reference checks of `cap check`, on the JSON twin
# of a corpus written by Benchmarks/generate.
#
#   jq -f Benchmarks/check-refs.jq DIR/corpus.json
#
# prints the number of problems (0 for a generated corpus). With
# CHECK_REFS_LIST=1 in the environment it first prints each problem as a
# string. Checked: every id is a lowercase ASCII identifier and unique across
# all kinds; every reference field (organisers, cosponsors, partners,
# speakers, moderators, met, campaign, tags, lead, consortium, authors,
# publisher, signatories, laws, supersedes, role.org) names a declared entity
# of a kind the field accepts; cosponsors may also be ISO 3166 codes.
# Works with jq 1.6.

# Top-level key → entity kind.
def collections:
  {coalition: "coalition", tags: "tag", members: "member", partners: "partner",
   people: "person", campaigns: "campaign", laws: "law", publications: "publication",
   statements: "statement", events: "event"};

def orgs: ["coalition", "member", "partner"];

# [top-level key, record field or null, reference field, accepted kinds, ISO codes accepted]
def ref_fields:
  [ ["members", null, "tags", ["tag"], false],
    ["partners", null, "tags", ["tag"], false],
    ["people", null, "tags", ["tag"], false],
    ["people", "role", "org", orgs, false],
    ["events", null, "organisers", (orgs + ["person"]), false],
    ["events", null, "cosponsors", orgs, true],
    ["events", null, "partners", orgs, false],
    ["events", null, "speakers", ["person"], false],
    ["events", null, "moderators", ["person"], false],
    ["events", null, "met", ["person"], false],
    ["events", null, "campaign", ["campaign"], false],
    ["events", null, "tags", ["tag"], false],
    ["campaigns", null, "lead", orgs, false],
    ["campaigns", null, "consortium", orgs, false],
    ["campaigns", null, "tags", ["tag"], false],
    ["publications", null, "authors", (["person"] + orgs), false],
    ["publications", null, "publisher", orgs, false],
    ["publications", null, "partners", orgs, false],
    ["publications", null, "campaign", ["campaign"], false],
    ["publications", null, "tags", ["tag"], false],
    ["statements", null, "signatories", (orgs + ["person"]), false],
    ["statements", null, "laws", ["law"], false],
    ["statements", null, "campaign", ["campaign"], false],
    ["statements", null, "tags", ["tag"], false],
    ["laws", null, "supersedes", ["law"], false],
    ["laws", null, "tags", ["tag"], false] ];

def values_of: if . == null then empty elif type == "array" then .[] else . end;

def is_code: type == "string" and test("^[A-Z]{2}(-[A-Z0-9]{1,3})?$");

. as $root
# id → kind (the last one declared, if an id is duplicated: duplicates are
# reported on their own)
| (reduce (collections | to_entries[] | .value as $kind | $root[.key] | values_of
           | {(.id | tostring): $kind}) as $x ({}; . + $x)) as $kinds
| [collections | keys[] as $key | $root[$key] | values_of] as $all
| [
    # ids: well formed and unique
    ($all[] | .id | select((type != "string") or (test("^[a-z][a-z0-9_]*$") | not))
     | "malformed id \(tojson)"),
    (if ($kinds | length) == ($all | length) then empty
     else [collections | to_entries[] | .value as $kind | $root[.key] | values_of | [(.id | tostring), $kind]]
          | group_by(.[0])[] | select(length > 1)
          | "id \(.[0][0]) declared \(length) times (\(map(.[1]) | join(", ")))" end),
    # references: first check all values of the field in one sweep, then,
    # only if some are bad, walk the entities again to say where they are.
    (ref_fields[] as [$coll, $rec, $field, $ok, $codes]
     | (reduce $ok[] as $k ({}; .[$k] = true)) as $okset
     | def bad: if type != "string" then true
                elif $okset[$kinds[.] // "none"] then false
                elif $codes then (is_code | not)
                else true end;
       collections[$coll] as $kind
     | if $rec == null then [$root[$coll] | values_of | .[$field] | values_of]
       else [$root[$coll] | values_of | .[$rec] | values_of | .[$field] | values_of] end
     | if all(.[] | select($okset[$kinds[tostring] // "-"] != true); bad | not) then empty
       else $root[$coll] | values_of | .id as $eid
            | (if $rec == null then . else .[$rec] | values_of end) | .[$field] | values_of
            | select(bad)
            | (if type == "string" then $kinds[.] else null end) as $k
            | "\($kind) \($eid): \(if $rec == null then "" else $rec + "." end)\($field) names \(tojson), which is "
              + (if $k == null then "not declared" else "a \($k)" end)
              + ", but takes \($ok | join(" or "))\(if $codes then " or an ISO code" else "" end)"
       end)
  ]
| if (env.CHECK_REFS_LIST // "") != "" then (.[], length) else length end
