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
# of a kind the field accepts; cosponsors may also be ISO codes.

# Top-level key → entity kind.
def collections:
  {coalition: "coalition", tags: "tag", members: "member", partners: "partner",
   people: "person", campaigns: "campaign", laws: "law", publications: "publication",
   statements: "statement", events: "event"};

def orgs: ["coalition", "member", "partner"];

# Entity kind → reference field → accepted kinds ("jurisdiction": an ISO code is accepted too).
def ref_fields:
  {coalition: {},
   tag: {},
   member: {tags: ["tag"]},
   partner: {tags: ["tag"]},
   person: {tags: ["tag"]},
   event: {organisers: (orgs + ["person"]), cosponsors: (orgs + ["jurisdiction"]), partners: orgs,
           speakers: ["person"], moderators: ["person"], met: ["person"],
           campaign: ["campaign"], tags: ["tag"]},
   campaign: {lead: orgs, consortium: orgs, tags: ["tag"]},
   publication: {authors: (["person"] + orgs), publisher: orgs, partners: orgs,
                 campaign: ["campaign"], tags: ["tag"]},
   statement: {signatories: (orgs + ["person"]), laws: ["law"], campaign: ["campaign"], tags: ["tag"]},
   law: {supersedes: ["law"], tags: ["tag"]}};

# Record fields holding references: entity kind → record field → reference field → kinds.
def record_ref_fields: {person: {role: {org: orgs}}};

def values_of: if . == null then empty elif type == "array" then .[] else . end;

# Whether any of the kinds declared under an id (several if the id is
# duplicated, which is reported once on its own) is one of $ok.
def kinds_fit($ok): any(.[]; . as $k | $ok | index($k) != null);

def is_code: type == "string" and test("^[A-Z]{2}(-[A-Z0-9]{1,3})?$");

. as $root
| [collections | to_entries[] | .value as $kind
   | ($root[.key] | values_of) | {kind: $kind, e: .}] as $all
| (reduce $all[] as $x ({}; .[$x.e.id | tostring] += [$x.kind])) as $kinds
| ref_fields as $specs
| record_ref_fields as $rspecs
| [
    # ids: well formed and unique
    ($all[] | .e.id | select((type != "string") or (test("^[a-z][a-z0-9_]*$") | not))
     | "malformed id \(tojson)"),
    ($kinds | to_entries[] | select(.value | length > 1)
     | "id \(.key) declared \(.value | length) times (\(.value | join(", ")))"),
    # references
    ($all[] | .kind as $kind | .e as $e
     | (($specs[$kind] // {}) | to_entries[] | .key as $field | .value as $ok
        | $e[$field] | values_of
        | . as $v
        | select(
            if ($ok | index("jurisdiction")) != null and ($v | is_code) then false
            else ($kinds[$v | tostring] // null) as $k
                 | ($k == null) or ($k | kinds_fit($ok) | not)
            end)
        | if $kinds[$v | tostring] == null
          then "\($kind) \($e.id): \($field) names \($v | tojson), which is not declared"
          else "\($kind) \($e.id): \($field) names \($v) (a \($kinds[$v] | join(", a "))), but takes \($ok | join(" or "))"
          end),
       (($rspecs[$kind] // {}) | to_entries[] | .key as $rec | .value | to_entries[] | .key as $field | .value as $ok
        | $e[$rec] | values_of | .[$field] | values_of
        | . as $v
        | ($kinds[$v | tostring] // null) as $k
        | select(($k == null) or ($k | kinds_fit($ok) | not))
        | "\($kind) \($e.id): \($rec).\($field) names \($v | tojson), which is \(if $k == null then "not declared" else "a " + ($k | join(", a ")) end), but takes \($ok | join(" or "))")
    )
  ]
| if (env.CHECK_REFS_LIST // "") != "" then (.[], length) else length end
