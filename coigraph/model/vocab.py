"""The vocabularies of the model (enums) and their groupings, declared once."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    """Kinds of organisation found in an integrated care system."""

    icb = "icb"
    nhs_trust = "nhs_trust"
    foundation_trust = "foundation_trust"
    local_authority = "local_authority"
    gp_practice = "gp_practice"
    pcn = "pcn"
    provider_collaborative = "provider_collaborative"
    place_partnership = "place_partnership"
    company = "company"
    vcse = "vcse"
    #: Kinds real systems have (issue 14): a university (teaching, research, joint appointments),
    #: the local Healthwatch, the statutory integrated care partnership, legacy commissioners (a
    #: CCG, a PCT cluster: give their end date), an independent-sector (private) provider, a
    #: social enterprise, the local medical committee, a commissioning support unit.
    university = "university"
    healthwatch = "healthwatch"
    integrated_care_partnership = "integrated_care_partnership"
    ccg = "ccg"
    pct_cluster = "pct_cluster"
    independent_sector_provider = "independent_sector_provider"
    social_enterprise = "social_enterprise"
    lmc = "lmc"
    csu = "csu"
    nhs_england = "nhs_england"
    sub_icb_location = "sub_icb_location"
    other = "other"


class BodyKind(StrEnum):
    """Kinds of governing body (a board or a committee of one or more organisations)."""

    board = "board"
    committee = "committee"
    sub_committee = "sub_committee"
    joint_committee = "joint_committee"
    committees_in_common = "committees_in_common"
    council_of_governors = "council_of_governors"
    partnership = "partnership"


class Role(StrEnum):
    """Roles a person can hold in a body or an organisation."""

    chair = "chair"
    vice_chair = "vice_chair"
    chief_executive = "chief_executive"
    executive_director = "executive_director"
    non_executive_director = "non_executive_director"
    partner_member = "partner_member"
    ordinary_member = "ordinary_member"
    member = "member"
    governor = "governor"
    attendee = "attendee"
    officer = "officer"
    employee = "employee"
    gp_partner = "gp_partner"
    clinical_director = "clinical_director"
    director = "director"
    shareholder = "shareholder"
    trustee = "trustee"
    councillor = "councillor"
    volunteer = "volunteer"
    adviser = "adviser"


class Sector(StrEnum):
    """Who nominated an ICB partner member."""

    trusts = "trusts"
    primary_care = "primary_care"
    local_authority = "local_authority"


class InterestType(StrEnum):
    """Categories of interest used by NHS registers of interests."""

    financial = "financial"
    non_financial_professional = "non_financial_professional"
    non_financial_personal = "non_financial_personal"


class AssociationKind(StrEnum):
    """How two people are close enough for one's interests to be the other's indirect ones."""

    spouse_partner = "spouse_partner"
    relative = "relative"
    business_partner = "business_partner"
    close_associate = "close_associate"


class OrgRelationKind(StrEnum):
    """Relations between organisations (source -> target)."""

    subsidiary_of = "subsidiary_of"
    member_of = "member_of"
    owns = "owns"
    contracts_with = "contracts_with"
    #: Relations that carry conflicts in real systems (issue 14; what each means for a path is
    #: declared in coigraph/paths/grammar.py and docs/screening.md): the source shares one or more
    #: posts with the target (one chief executive for two trusts); a partnership or joint-working
    #: agreement; a joint procurement; the source is a sub-contractor of the target (its lead
    #: provider); the source is a member of the target collaborative (a provider collaborative, an
    #: alliance).
    joint_appointment_with = "joint_appointment_with"
    partnership_with = "partnership_with"
    joint_procurement_with = "joint_procurement_with"
    subcontractor_of = "subcontractor_of"
    collaborative_member_of = "collaborative_member_of"
    hosts = "hosts"
    in_area_of = "in_area_of"


class ControlRegister(StrEnum):
    """The public register a control record comes from (never a declaration)."""

    companies_house_psc = "companies_house_psc"
    bods = "bods"


class ControllerKind(StrEnum):
    """What holds the control, as the public register says."""

    individual = "individual"
    corporate_entity = "corporate_entity"
    legal_person = "legal_person"


class AttendanceStatus(StrEnum):
    """How a person stood at a meeting."""

    present = "present"
    apologies = "apologies"
    deputising = "deputising"
    in_attendance = "in_attendance"
    absent = "absent"


class ItemKind(StrEnum):
    """What an agenda item asks of the meeting."""

    decision = "decision"
    discussion = "discussion"
    assurance = "assurance"
    information = "information"


class Effect(StrEnum):
    """What an agenda item does to an organisation it affects."""

    award = "award"
    investment = "investment"
    allocation = "allocation"
    reconfiguration = "reconfiguration"
    system_wide = "system_wide"
    self = "self"
    information = "information"


class PostKind(StrEnum):
    """What an entry of the posts table is: one named office, or a class of posts."""

    office = "office"
    post_class = "class"


class ProcurementRoute(StrEnum):
    """How a purchase was (or must be) competed: a threshold table's requirement, a decision's route.

    A requirement is met by the routes listed for it in
    :data:`coigraph.delegation.procurement.SATISFIES` (e.g. a tender meets a
    quotations requirement; an SFI waiver meets a local requirement but never a
    legal regime's).
    """

    none = "none"
    quotations = "quotations"
    tender = "tender"
    regime = "regime"
    framework = "framework"
    waiver = "waiver"


class MinutesKind(StrEnum):
    """What the minutes of a meeting recorded."""

    declaration = "declaration"
    withdrawal = "withdrawal"
    no_vote = "no_vote"
    no_declarations = "no_declarations"
    chair = "chair"
    quorate = "quorate"
    inquorate = "inquorate"
    #: The standing formulas boards minute: "the declarations on the register stand" (a
    #: declaration of every registered interest; of one person's if ``person`` is given) and "no
    #: additional declarations were made" (not a declaration of anything).
    register_stands = "register_stands"
    no_additional_declarations = "no_additional_declarations"
    #: The minutes as held do not capture the declarations (a page cut short, an excerpt): what was
    #: declared is not known, which is not "nothing was declared".
    not_captured = "not_captured"


class MinutesOutcome(StrEnum):
    """What the minutes say was done about a declaration (the chair's decision)."""

    noted = "noted"
    left_room = "left_room"
    no_part = "no_part"
    remained = "remained"


class MinutesScope(StrEnum):
    """What a minuted declaration covers."""

    item = "item"
    meeting = "meeting"


# ---------------------------------------------------------------------------
# Groupings of the vocabularies (declared once; every analysis reads these)
# ---------------------------------------------------------------------------

#: Non-executive seats on a unitary board (the chair and vice chair are non-executives).
NED_ROLES: frozenset[str] = frozenset(
    {Role.non_executive_director.value, Role.chair.value, Role.vice_chair.value})
#: Executive seats.
EXEC_ROLES: frozenset[str] = frozenset({Role.chief_executive.value, Role.executive_director.value})
#: Roles that do not vote in a body unless the position says ``voting: yes`` (an attendee, officer,
#: adviser or employee is in the room without a seat).
NON_VOTING_ROLES: frozenset[str] = frozenset(
    {Role.attendee.value, Role.officer.value, Role.adviser.value, Role.employee.value})
#: Roles that vote in a body unless the position says ``voting: no``: the seats the law or the
#: body's own rules make members (an ICB's chair, chief executive and ordinary members, partner
#: members among them: NHS Act 2006 Schedule 1B para 3; a trust board's chair and non-executive
#: directors; a member of a committee; a governor on a council of governors).  Any other role on a
#: body (an executive director, a director...) votes only if ``voting`` says so: papers list
#: executives "present" without saying whether they are members, so blank is not known.
VOTING_ROLES: frozenset[str] = frozenset(
    {Role.chair.value, Role.vice_chair.value, Role.chief_executive.value,
     Role.non_executive_director.value, Role.partner_member.value, Role.ordinary_member.value,
     Role.member.value, Role.governor.value})
#: Roles whose holders are public office holders (their posts are published by their organisations).
PUBLIC_ROLES: frozenset[str] = frozenset(
    {Role.chair.value, Role.vice_chair.value, Role.chief_executive.value,
     Role.executive_director.value, Role.non_executive_director.value, Role.partner_member.value,
     Role.ordinary_member.value, Role.councillor.value, Role.governor.value})
#: NHS trusts of both kinds.
TRUST_KINDS: frozenset[str] = frozenset({OrgKind.nhs_trust.value, OrgKind.foundation_trust.value})
#: Organisations an ICB partner member can come from (the three nomination routes).
PARTNER_KINDS: frozenset[str] = frozenset(
    {OrgKind.nhs_trust.value, OrgKind.foundation_trust.value, OrgKind.gp_practice.value,
     OrgKind.pcn.value, OrgKind.local_authority.value})
#: Commissioners: a seat on their boards is no interest in what they decide.
COMMISSIONER_KINDS: frozenset[str] = frozenset(
    {OrgKind.icb.value, OrgKind.nhs_england.value, OrgKind.ccg.value, OrgKind.pct_cluster.value})
#: Statutory public bodies whose officers' posts are public record.
PUBLIC_KINDS: frozenset[str] = frozenset(
    {OrgKind.icb.value, OrgKind.nhs_trust.value, OrgKind.foundation_trust.value,
     OrgKind.local_authority.value, OrgKind.nhs_england.value, OrgKind.ccg.value,
     OrgKind.pct_cluster.value})


# Procurements, gifts and hospitality, and the breaches register (issue 17).


class Regime(StrEnum):
    """The regime and process a procurement follows."""

    direct_award_a = "direct_award_a"
    direct_award_b = "direct_award_b"
    direct_award_c = "direct_award_c"
    most_suitable_provider = "most_suitable_provider"
    competitive = "competitive"
    urgent_award = "urgent_award"
    psr = "psr"
    procurement_act = "procurement_act"


class Stage(StrEnum):
    """The stages of a procurement, in the order they happen."""

    specification = "specification"
    market_engagement = "market_engagement"
    evaluation = "evaluation"
    moderation = "moderation"
    recommendation = "recommendation"
    award_decision = "award_decision"
    contract = "contract"
    modification = "modification"


class ParticipantRole(StrEnum):
    """What a person does at a stage of a procurement."""

    evaluator = "evaluator"
    officer = "officer"
    adviser = "adviser"
    decision_maker = "decision_maker"


class BidOutcome(StrEnum):
    """How a bidder or provider came out of the procurement."""

    awarded = "awarded"
    unsuccessful = "unsuccessful"
    withdrawn = "withdrawn"
    excluded = "excluded"


class GiftKind(StrEnum):
    """What was offered."""

    gift = "gift"
    hospitality = "hospitality"
    sponsorship = "sponsorship"


class BreachKind(StrEnum):
    """What kind of breach of the conflicts of interest policy."""

    undeclared_interest = "undeclared_interest"
    late_declaration = "late_declaration"
    failure_to_withdraw = "failure_to_withdraw"
    gifts_hospitality = "gifts_hospitality"
    procurement = "procurement"
    other = "other"


class BreachStatus(StrEnum):
    """Where an entry stands."""

    confirmed = "confirmed"
    dismissed = "dismissed"


class BreachOutcome(StrEnum):
    """How a confirmed breach was dealt with."""

    open = "open"
    no_further_action = "no_further_action"
    advice = "advice"
    training = "training"
    disciplinary = "disciplinary"
    referred = "referred"
    other = "other"


__all__ = [
    "OrgKind",
    "BodyKind",
    "Role",
    "Sector",
    "InterestType",
    "AssociationKind",
    "OrgRelationKind",
    "ControlRegister",
    "ControllerKind",
    "AttendanceStatus",
    "ItemKind",
    "Effect",
    "MinutesKind",
    "MinutesOutcome",
    "MinutesScope",
    "PostKind",
    "ProcurementRoute",
    "Regime",
    "Stage",
    "ParticipantRole",
    "BidOutcome",
    "GiftKind",
    "BreachKind",
    "BreachStatus",
    "BreachOutcome",
    "NED_ROLES",
    "EXEC_ROLES",
    "NON_VOTING_ROLES",
    "VOTING_ROLES",
    "PUBLIC_ROLES",
    "TRUST_KINDS",
    "PARTNER_KINDS",
    "COMMISSIONER_KINDS",
    "PUBLIC_KINDS",
]
