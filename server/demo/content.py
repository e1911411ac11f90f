"""Demo content: Northwind Systems, a fictional firm that sells the Northwind Pulse
industrial IoT and analytics platform (edge gateways, condition monitoring, OEE,
predictive maintenance and energy analytics) to manufacturers, utilities and logistics firms.

Pure data: `server/demo/loader.py` turns it into database rows by replaying it through the
same services the API uses. Times are relative: a post's `days_ago`, an answer's
`days_after_post` (after its challenge was posted), a use's `days_after` (after its target
was written). `validate()` checks every invariant the loader relies on and returns the
problems it finds (an empty list when the content is consistent).
"""

from __future__ import annotations

import re

from shared.enums import Audience, ChallengeStatus, PostKind, Role
from shared.limits import (
    ACCOUNT_MAX_LENGTH,
    BODY_MAX_LENGTH,
    DISPLAY_NAME_MAX_LENGTH,
    DISPLAY_NAME_MIN_LENGTH,
    EMAIL_MAX_LENGTH,
    JOB_TITLE_MAX_LENGTH,
    MAX_EXPERTISE_TAGS,
    MAX_HOURS_SAVED,
    MAX_TAGS_PER_POST,
    TAG_PATTERN,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    USE_NOTE_MAX_LENGTH,
)

DIVISIONS = [
    {"slug": "field-sales-north", "name": "Field Sales North"},
    {"slug": "field-sales-south", "name": "Field Sales South"},
    {"slug": "presales", "name": "Pre-Sales Engineering"},
    {"slug": "product", "name": "Product Management"},
    {"slug": "customer-success", "name": "Customer Success"},
]

TAGS = [
    "pricing",
    "procurement",
    "renewal",
    "expansion",
    "security-review",
    "data-residency",
    "sso",
    "sap-integration",
    "opc-ua",
    "edge-gateway",
    "api",
    "predictive-maintenance",
    "energy-analytics",
    "oee",
    "poc",
    "roi",
    "onboarding",
    "competitor-acme",
    "competitor-vortex",
    "competitor-helix",
    "talk-track",
    "objection-handling",
    "legal-terms",
    "food-and-beverage",
    "utilities",
    "logistics",
]

PEOPLE = [
    # Field Sales North (7)
    {
        "key": "marta",
        "email": "marta.kowalski@quid.example",
        "display_name": "Marta Kowalski",
        "division": "field-sales-north",
        "role": "leader",
        "title": "Regional Sales Director, North",
        "expertise": ["pricing", "procurement", "expansion"],
    },
    {
        "key": "ana",
        "email": "ana.lopez@quid.example",
        "display_name": "Ana López",
        "division": "field-sales-north",
        "role": "member",
        "title": "Senior Account Executive",
        "expertise": ["food-and-beverage", "poc", "renewal"],
    },
    {
        "key": "jonas",
        "email": "jonas.bergstrom@quid.example",
        "display_name": "Jonas Bergström",
        "division": "field-sales-north",
        "role": "member",
        "title": "Strategic Account Executive",
        "expertise": ["utilities", "sap-integration", "predictive-maintenance"],
    },
    {
        "key": "priya",
        "email": "priya.raghunathan@quid.example",
        "display_name": "Priya Raghunathan",
        "division": "field-sales-north",
        "role": "member",
        "title": "Account Executive",
        "expertise": ["talk-track", "edge-gateway", "oee"],
    },
    {
        "key": "liam",
        "email": "liam.oconnor@quid.example",
        "display_name": "Liam O'Connor",
        "division": "field-sales-north",
        "role": "member",
        "title": "Account Executive",
        "expertise": ["roi", "food-and-beverage", "logistics"],
    },
    {
        "key": "soren",
        "email": "soren.madsen@quid.example",
        "display_name": "Søren Madsen",
        "division": "field-sales-north",
        "role": "member",
        "title": "Enterprise Account Manager",
        "expertise": ["competitor-vortex", "objection-handling", "legal-terms"],
    },
    {
        "key": "chloe",
        "email": "chloe.dubois@quid.example",
        "display_name": "Chloé Dubois",
        "division": "field-sales-north",
        "role": "admin",
        "title": "Sales Operations Manager",
        "expertise": ["procurement", "legal-terms", "pricing"],
    },
    # Field Sales South (6)
    {
        "key": "dwayne",
        "email": "dwayne.carter@quid.example",
        "display_name": "Dwayne Carter",
        "division": "field-sales-south",
        "role": "leader",
        "title": "Regional Sales Director, South",
        "expertise": ["pricing", "competitor-helix", "procurement"],
    },
    {
        "key": "lucia",
        "email": "lucia.fernandez@quid.example",
        "display_name": "Lucía Fernández",
        "division": "field-sales-south",
        "role": "member",
        "title": "Senior Account Executive",
        "expertise": ["logistics", "data-residency", "procurement"],
    },
    {
        "key": "tomas",
        "email": "tomas.herrera@quid.example",
        "display_name": "Tomás Herrera",
        "division": "field-sales-south",
        "role": "member",
        "title": "Account Executive",
        "expertise": ["food-and-beverage", "competitor-acme", "utilities"],
    },
    {
        "key": "kemi",
        "email": "oluwakemi.adeyemi@quid.example",
        "display_name": "Oluwakemi Adeyemi",
        "division": "field-sales-south",
        "role": "member",
        "title": "Account Executive",
        "expertise": ["logistics", "onboarding", "competitor-helix"],
    },
    {
        "key": "ryan",
        "email": "ryan.mitchell@quid.example",
        "display_name": "Ryan Mitchell",
        "division": "field-sales-south",
        "role": "member",
        "title": "Inside Sales Representative",
        "expertise": ["talk-track", "poc"],
    },
    {
        "key": "mei",
        "email": "mei.tanaka@quid.example",
        "display_name": "Mei Tanaka",
        "division": "field-sales-south",
        "role": "member",
        "title": "Enterprise Account Manager",
        "expertise": ["energy-analytics", "expansion", "edge-gateway"],
    },
    # Pre-Sales Engineering (6)
    {
        "key": "rahul",
        "email": "rahul.mehta@quid.example",
        "display_name": "Rahul Mehta",
        "division": "presales",
        "role": "leader",
        "title": "Director of Pre-Sales Engineering",
        "expertise": ["poc", "roi", "predictive-maintenance"],
    },
    {
        "key": "ingrid",
        "email": "ingrid.johansson@quid.example",
        "display_name": "Ingrid Johansson",
        "division": "presales",
        "role": "member",
        "title": "Principal Solutions Engineer",
        "expertise": ["poc", "oee", "api", "predictive-maintenance"],
    },
    {
        "key": "kenji",
        "email": "kenji.watanabe@quid.example",
        "display_name": "Kenji Watanabe",
        "division": "presales",
        "role": "member",
        "title": "Solutions Engineer, Edge and OT",
        "expertise": ["edge-gateway", "opc-ua", "oee"],
    },
    {
        "key": "zoe",
        "email": "zoe.papadopoulos@quid.example",
        "display_name": "Zoë Papadopoulos",
        "division": "presales",
        "role": "member",
        "title": "Security Solutions Engineer",
        "expertise": ["security-review", "sso", "data-residency"],
    },
    {
        "key": "marco",
        "email": "marco.rossi@quid.example",
        "display_name": "Marco Rossi",
        "division": "presales",
        "role": "member",
        "title": "Solutions Architect, ERP Integration",
        "expertise": ["sap-integration", "api"],
    },
    {
        "key": "fatima",
        "email": "fatima.elamrani@quid.example",
        "display_name": "Fatima Zahra El Amrani",
        "division": "presales",
        "role": "member",
        "title": "Solutions Engineer, Value Engineering",
        "expertise": ["roi", "energy-analytics", "food-and-beverage"],
    },
    # Product Management (5)
    {
        "key": "helena",
        "email": "helena.novak@quid.example",
        "display_name": "Helena Novák",
        "division": "product",
        "role": "leader",
        "title": "VP Product",
        "expertise": ["data-residency", "pricing", "predictive-maintenance"],
    },
    {
        "key": "david",
        "email": "david.cohen@quid.example",
        "display_name": "David Cohen",
        "division": "product",
        "role": "member",
        "title": "Product Manager, Edge Gateway",
        "expertise": ["edge-gateway", "opc-ua"],
    },
    {
        "key": "aiko",
        "email": "aiko.suzuki@quid.example",
        "display_name": "Aiko Suzuki",
        "division": "product",
        "role": "member",
        "title": "Product Manager, Analytics",
        "expertise": ["predictive-maintenance", "oee", "energy-analytics"],
    },
    {
        "key": "bjorn",
        "email": "bjorn.lindqvist@quid.example",
        "display_name": "Björn Lindqvist",
        "division": "product",
        "role": "member",
        "title": "Product Manager, Integrations and API",
        "expertise": ["api", "sap-integration", "sso"],
    },
    {
        "key": "nadia",
        "email": "nadia.petrova@quid.example",
        "display_name": "Nadia Petrova",
        "division": "product",
        "role": "member",
        "title": "Product Marketing Manager, Competitive",
        "expertise": ["competitor-acme", "competitor-vortex", "competitor-helix", "talk-track"],
    },
    # Customer Success (6)
    {
        "key": "grace",
        "email": "grace.okafor@quid.example",
        "display_name": "Grace Okafor",
        "division": "customer-success",
        "role": "leader",
        "title": "Head of Customer Success",
        "expertise": ["renewal", "expansion", "onboarding"],
    },
    {
        "key": "felix",
        "email": "felix.moreau@quid.example",
        "display_name": "Félix Moreau",
        "division": "customer-success",
        "role": "member",
        "title": "Customer Success Manager",
        "expertise": ["renewal", "food-and-beverage", "oee"],
    },
    {
        "key": "hannah",
        "email": "hannah.schmidt@quid.example",
        "display_name": "Hannah Schmidt",
        "division": "customer-success",
        "role": "member",
        "title": "Customer Success Manager",
        "expertise": ["utilities", "api", "renewal"],
    },
    {
        "key": "omar",
        "email": "omar.haddad@quid.example",
        "display_name": "Omar Haddad",
        "division": "customer-success",
        "role": "member",
        "title": "Implementation Consultant",
        "expertise": ["onboarding", "edge-gateway", "security-review"],
    },
    {
        "key": "jose",
        "email": "josemaria.ruiz@quid.example",
        "display_name": "José María Ruiz",
        "division": "customer-success",
        "role": "member",
        "title": "Renewals Manager",
        "expertise": ["renewal", "pricing", "procurement"],
    },
    {
        "key": "yuki",
        "email": "yuki.nakamura@quid.example",
        "display_name": "Yuki Nakamura",
        "division": "customer-success",
        "role": "admin",
        "title": "Enablement and Knowledge Manager",
        "expertise": ["onboarding", "talk-track"],
    },
]

POSTS = [
    # ------------------------------------------------------------------ challenges
    {
        "key": "p1",
        "kind": "challenge",
        "author": "ana",
        "title": "Contoso Foods security wants SOC 2 Type II and pen test results before the pilot",
        "body": (
            "Contoso Foods' CISO will not let the 3-line pilot in Leeds start until they have our "
            "SOC 2 Type II report and the latest external pen test. Their vendor risk portal also "
            "asks for an ISO 27001 certificate and a data flow diagram showing what leaves the plant.\n"
            "Problem: our SOC 2 period ended in March and the new report is not out yet, so the "
            "one I have is nine months old. Pilot kickoff is booked for the 14th and the plant "
            "manager is keen. What can I send now, and is there an NDA step before the pen test "
            "summary goes out?"
        ),
        "tags": ["security-review", "poc", "food-and-beverage"],
        "account": "Contoso Foods",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 38,
        "status": "solved",
    },
    {
        "key": "p2",
        "kind": "challenge",
        "author": "lucia",
        "title": "Globex Logistics wants all gateway data kept in the EU: can we commit to Frankfurt only?",
        "body": (
            "Globex Logistics is rolling Pulse out to 9 cross-dock hubs in Spain, France and Germany. "
            "Their DPO has added a clause: all telemetry, backups and support access must stay inside "
            "the EU, and they want it written into the order form, not just the DPA.\n"
            "I know we host in Frankfurt, but where do backups go, and does our follow-the-sun "
            "support mean someone in the US can see their data? I need a yes or no I can defend in "
            "front of their legal team on Thursday."
        ),
        "tags": ["data-residency", "legal-terms", "logistics"],
        "account": "Globex Logistics",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 52,
        "status": "solved",
    },
    {
        "key": "p3",
        "kind": "challenge",
        "author": "jonas",
        "title": "Initech Utilities: push predicted failures into SAP PM as work orders without custom ABAP",
        "body": (
            "Initech's maintenance planners live in SAP PM. They love the pump failure predictions in "
            "the pilot but will only act on them if a notification or work order appears in SAP "
            "automatically. Their SAP team has a hard rule: no custom ABAP, everything through "
            "standard interfaces, and they are on S/4HANA 2021 on-prem.\n"
            "Do we have a supported way to do this, and how long does it usually take to set up? "
            "They want an estimate in the business case."
        ),
        "tags": ["sap-integration", "predictive-maintenance", "utilities"],
        "account": "Initech Utilities",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 45,
        "status": "solved",
    },
    {
        "key": "p4",
        "kind": "challenge",
        "author": "tomas",
        "title": "Acme Analytics is offering 40% off year one at Tailspin Bottling: how do we respond?",
        "body": (
            "We are the preferred vendor at Tailspin Bottling after a good pilot on line 4, but "
            "procurement just told me Acme Analytics came in at 40% off list for the first year "
            "on a 3-year deal. Our proposal is 186k per year for 4 sites.\n"
            "The ops director prefers us but procurement is measured on year-one savings. I do not "
            "want to match 40%. What has worked against Acme's first-year discount elsewhere?"
        ),
        "tags": ["competitor-acme", "pricing", "objection-handling"],
        "account": "Tailspin Bottling",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 30,
        "status": "solved",
    },
    {
        "key": "p5",
        "kind": "challenge",
        "author": "priya",
        "title": "Fabrikam Packaging's S7-1500 PLCs have no OPC UA licence: can the gateway read them directly?",
        "body": (
            "Fabrikam runs 22 Siemens S7-1500 PLCs across two plants and never bought the OPC UA "
            "runtime licences. Their controls engineer says adding them costs about 1,100 per PLC "
            "plus downtime to deploy, which kills our business case.\n"
            "Can the NW-EG200 gateway talk S7 natively, and are there limits on tag count or "
            "polling rate I should know before I promise anything?"
        ),
        "tags": ["edge-gateway", "opc-ua"],
        "account": "Fabrikam Packaging",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 25,
        "status": "solved",
    },
    {
        "key": "p6",
        "kind": "challenge",
        "author": "kemi",
        "title": "Wingtip Cold Chain procurement insists on a 3-year price lock with 0% uplift",
        "body": (
            "Wingtip Cold Chain is ready to sign 6 warehouses, 1,400 sensors. Procurement wants a "
            "three-year term with zero uplift on everything, including any sites and assets they "
            "add later. Our standard is 5% annual uplift.\n"
            "They are also asking for termination for convenience after year one. I can probably "
            "give on one of these but not both. What do we usually trade here, and who needs to "
            "approve a 0% uplift?"
        ),
        "tags": ["procurement", "pricing", "legal-terms"],
        "account": "Wingtip Cold Chain",
        "audience": "firm",
        "needed_by_days": 4,
        "days_ago": 20,
        "status": "answered",
    },
    {
        "key": "p7",
        "kind": "challenge",
        "author": "liam",
        "title": "Need an ROI model for a 12-site rollout at Coho Dairy by Friday",
        "body": (
            "Coho Dairy's CFO wants a one-page ROI before the board meeting next week. The pilot at "
            "their Carlow plant cut unplanned downtime on the pasteurisers by about 18% over 10 "
            "weeks. Now they want to see the numbers for all 12 sites.\n"
            "I have the pilot data but not a credible way to scale it. Does anyone have a model "
            "that finance people trust, ideally one that separates hard savings from soft ones?"
        ),
        "tags": ["roi", "food-and-beverage", "expansion"],
        "account": "Coho Dairy",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 15,
        "status": "solved",
    },
    {
        "key": "p8",
        "kind": "challenge",
        "author": "mei",
        "title": "Litware Chemicals needs ATEX Zone 2 certified hardware for the tank farm",
        "body": (
            "Litware wants to monitor pumps and level sensors in the tank farm, which is classified "
            "ATEX Zone 2. Their HSE manager says nothing goes in there without certification.\n"
            "Is the NW-EG200 certified, or do we have a partner enclosure? If not, can we place the "
            "gateway outside the zone and run the sensors in? I would like to keep the tank farm "
            "in phase one because it is where their biggest losses are."
        ),
        "tags": ["edge-gateway", "poc"],
        "account": "Litware Chemicals",
        "audience": "firm",
        "needed_by_days": 9,
        "days_ago": 12,
        "status": "answered",
    },
    {
        "key": "p9",
        "kind": "challenge",
        "author": "soren",
        "title": "Vortex IoT claims predictive maintenance with no historical data: true?",
        "body": (
            "At Hooli Metals the Vortex IoT rep told the maintenance team they can predict bearing "
            "failures from day one, with no failure history needed. Our pitch says we need 6 to 8 "
            "weeks of baseline data. The customer now thinks we are slower.\n"
            "Is their claim technically real, and how do I answer it without sounding defensive?"
        ),
        "tags": ["competitor-vortex", "predictive-maintenance", "objection-handling"],
        "account": "Hooli Metals",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 34,
        "status": "solved",
    },
    {
        "key": "p10",
        "kind": "challenge",
        "author": "ryan",
        "title": "Does Pulse support Entra ID single sign-on with SCIM user provisioning?",
        "body": (
            "Proseware Water Authority's IT team asked on a discovery call whether we support SSO "
            "with Microsoft Entra ID and automatic provisioning and deprovisioning through SCIM. "
            "They have about 300 users across operations and contractors and do not want to manage "
            "accounts by hand.\n"
            "Which tier is that in, and is there a setup guide I can send?"
        ),
        "tags": ["sso", "security-review"],
        "account": "Proseware Water Authority",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 8,
        "status": "solved",
    },
    {
        "key": "p11",
        "kind": "challenge",
        "author": "lucia",
        "title": "Globex wants to pay per connected asset instead of per site: do we have a model?",
        "body": (
            "For the phase two expansion Globex Logistics wants to move from per-site pricing to pure "
            "per-asset pricing. Their hubs vary a lot: the smallest has 40 assets, the largest over "
            "900, so per-site feels unfair to them.\n"
            "Has anyone quoted pure per-asset before? I need to know if there is a floor, how we "
            "treat gateways, and whether finance will accept it before I float the idea."
        ),
        "tags": ["pricing", "logistics", "expansion"],
        "account": "Globex Logistics",
        "audience": "firm",
        "needed_by_days": 10,
        "days_ago": 5,
        "status": "open",
    },
    {
        "key": "p12",
        "kind": "challenge",
        "author": "ana",
        "title": "Contoso Foods renewal: usage dropped 30% at two plants, how do I frame the conversation?",
        "body": (
            "Contoso Foods renews in 10 weeks. Logins and alert acknowledgements at the Leeds and "
            "Hull plants are down about 30% since their champion, the CI manager, left in the summer. "
            "The other three plants are healthy.\n"
            "I do not want to walk in and have procurement use the usage report against us. How do "
            "I open this conversation, and can CS help rebuild adoption before the renewal?"
        ),
        "tags": ["renewal", "onboarding", "food-and-beverage"],
        "account": "Contoso Foods",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 18,
        "status": "solved",
    },
    {
        "key": "p13",
        "kind": "challenge",
        "author": "jonas",
        "title": "Initech Utilities asks for a reference customer in water and wastewater",
        "body": (
            "Initech's steering committee will only approve the second phase after speaking to "
            "another water or wastewater utility running Pulse in production, ideally on pump "
            "stations. A 30-minute call is enough.\n"
            "Who do we have that is referenceable and not already over-used this quarter?"
        ),
        "tags": ["utilities", "procurement"],
        "account": "Initech Utilities",
        "audience": "firm",
        "needed_by_days": 7,
        "days_ago": 3,
        "status": "answered",
    },
    {
        "key": "p14",
        "kind": "challenge",
        "author": "dwayne",
        "title": "Helix Industrial Cloud bundling analytics free with hardware at Hooli Metals",
        "body": (
            "Hooli Metals' southern plants are getting an offer from Helix Industrial Cloud: buy their "
            "gateways and the analytics subscription is free for two years. The plant engineers like "
            "free. My team has seen this twice this quarter.\n"
            "Do we have a standard answer, and is there anything product can give us, like a "
            "hardware trade-in or a starter tier, so we do not lose on price alone?"
        ),
        "tags": ["competitor-helix", "pricing"],
        "account": "Hooli Metals",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 22,
        "status": "answered",
    },
    {
        "key": "p15",
        "kind": "challenge",
        "author": "priya",
        "title": "OT team blocks outbound MQTT on port 8883: what are the alternatives?",
        "body": (
            "Fabrikam Packaging's OT firewall only allows outbound 443 through their proxy, and their "
            "network lead refuses to open 8883 for MQTT. The gateways were installed yesterday and "
            "show offline in the console.\n"
            "Can the gateway send over 443, and does it work through an authenticating proxy? Go-live "
            "demo is on Monday."
        ),
        "tags": ["edge-gateway", "security-review"],
        "account": "Fabrikam Packaging",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 10,
        "status": "solved",
    },
    {
        "key": "p16",
        "kind": "challenge",
        "author": "kemi",
        "title": "Realistic onboarding time for 3 plants with a lean IT team?",
        "body": (
            "Wingtip Cold Chain asked how long it takes from signature to first dashboards for three "
            "warehouses. They have one IT person and one controls contractor who works two days a "
            "week. Our deck says 4 weeks but that assumes a full customer team.\n"
            "What is an honest number, and what do we need from them to hit it?"
        ),
        "tags": ["onboarding", "poc"],
        "account": "Wingtip Cold Chain",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 40,
        "status": "solved",
    },
    {
        "key": "p17",
        "kind": "challenge",
        "author": "tomas",
        "title": "Tailspin wants OEE benchmarks against other bottlers: can we share anonymised data?",
        "body": (
            "Tailspin Bottling's ops director asked whether we can show where their lines sit against "
            "other bottlers on Pulse: average OEE, top quartile, typical changeover loss. It would be "
            "a strong reason to pick us over Acme.\n"
            "Do our contracts allow aggregated, anonymised benchmarks, and does product have anything "
            "like this? I would rather not promise something legal will block."
        ),
        "tags": ["oee", "legal-terms", "food-and-beverage"],
        "account": "Tailspin Bottling",
        "audience": "firm",
        "needed_by_days": 14,
        "days_ago": 2,
        "status": "open",
    },
    {
        "key": "p18",
        "kind": "challenge",
        "author": "ingrid",
        "title": "Anyone connected Pulse to a legacy plant historian with more than 50k tags?",
        "body": (
            "For the Umbrella Paper Mills evaluation we need to backfill 3 years of data from their "
            "legacy historian, roughly 60,000 tags at 1-second resolution, and then keep it in sync.\n"
            "Has anyone done a backfill at this scale? I am worried about the API ingestion limits and "
            "how long the initial load takes. Keeping this in our team until we know what we can "
            "commit to."
        ),
        "tags": ["api", "poc"],
        "account": "Umbrella Paper Mills",
        "audience": "division",
        "needed_by_days": None,
        "days_ago": 14,
        "status": "answered",
    },
    {
        "key": "p19",
        "kind": "challenge",
        "author": "soren",
        "title": "Umbrella Paper Mills legal redlined our liability cap to unlimited for data breaches",
        "body": (
            "Umbrella's legal team struck out our liability cap (12 months of fees) and replaced it "
            "with unlimited liability for any data breach. The deal is 240k per year and they want "
            "to sign this quarter.\n"
            "What is our fallback position, and is there a super-cap we have agreed before that I "
            "can offer without going to the general counsel?"
        ),
        "tags": ["legal-terms", "security-review", "procurement"],
        "account": "Umbrella Paper Mills",
        "audience": "firm",
        "needed_by_days": 5,
        "days_ago": 6,
        "status": "answered",
    },
    {
        "key": "p20",
        "kind": "challenge",
        "author": "mei",
        "title": "Can energy analytics show carbon per unit produced for Scope 2 reporting?",
        "body": (
            "Litware Chemicals' sustainability lead wants kWh and CO2e per tonne of product, per line, "
            "using their grid emission factors, so they can feed Scope 2 reporting. Today we show "
            "kWh per line and per shift.\n"
            "Can we do the carbon part, with market-based and location-based factors? If not, is it "
            "on the roadmap? This could open a second budget for us."
        ),
        "tags": ["energy-analytics", "roi"],
        "account": "Litware Chemicals",
        "audience": "firm",
        "needed_by_days": 21,
        "days_ago": 1,
        "status": "open",
    },
    {
        "key": "p21",
        "kind": "challenge",
        "author": "liam",
        "title": "Coho Dairy pilot: 4 of 20 vibration sensors keep dropping off the wireless mesh",
        "body": (
            "Four vibration sensors on the Carlow homogenisers go offline several times a day, always "
            "between 5 and 7 in the morning. The other sixteen are fine. The site blames our hardware.\n"
            "It coincides with CIP cleaning, so it may be steam or stainless interference. Has anyone "
            "seen this, and can someone from pre-sales look at the gateway logs before the pilot "
            "review?"
        ),
        "tags": ["edge-gateway", "poc"],
        "account": "Coho Dairy",
        "audience": "firm",
        "needed_by_days": 2,
        "days_ago": 4,
        "status": "open",
    },
    {
        "key": "p22",
        "kind": "challenge",
        "author": "ryan",
        "title": "Best way to run a two-week proof of value on a single production line?",
        "body": (
            "A mid-size prospect, Alpine Snacks, will give us one line for two weeks and no more. Our "
            "standard POC plan is six weeks. What can we credibly prove in two weeks, and which "
            "dashboards should we set up first?"
        ),
        "tags": ["poc", "roi", "oee"],
        "account": "Alpine Snacks",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 28,
        "status": "closed",
    },
    {
        "key": "p23",
        "kind": "challenge",
        "author": "hannah",
        "title": "Contoso wants read-only API keys scoped to a single plant",
        "body": (
            "Contoso Foods' data team wants to pull OEE and downtime data into their own BI tool, but "
            "each plant's data must only be readable by that plant's analyst. Today our API keys see "
            "the whole tenant.\n"
            "Is there a way to scope keys per site, or a workaround until there is? They are asking "
            "for this as part of the renewal."
        ),
        "tags": ["api", "security-review"],
        "account": "Contoso Foods",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 9,
        "status": "solved",
    },
    # ------------------------------------------------------------------ insights
    {
        "key": "p24",
        "kind": "insight",
        "author": "nadia",
        "title": "Talk track: Acme's 40% first-year discount and the year-two cliff",
        "body": (
            "Acme Analytics is leading with 40% off year one in almost every competitive deal this "
            "quarter. Their order form then steps up to full list in year two, plus per-user fees "
            "for anyone beyond 25 named users.\n"
            "What works: do not attack the discount. Lay out a 3-year total cost side by side. In the "
            "last four deals Acme's 3-year cost came out 8 to 15% above ours once users were counted. "
            "Ask procurement: what happens to your budget in year two? Then offer a modest ramp "
            "(for example 85% / 100% / 100%) instead of a deep one-off discount."
        ),
        "tags": ["competitor-acme", "talk-track", "pricing"],
        "account": None,
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 27,
    },
    {
        "key": "p25",
        "kind": "insight",
        "author": "jonas",
        "title": "SAP objection: lead with the certified connector, not with our API",
        "body": (
            "When SAP teams hear API they hear a custom project and their estimate doubles. At "
            "Initech the mood changed when I said: certified SAP connector, standard maintenance "
            "notifications, no ABAP, configured in the Integration Suite they already license.\n"
            "Bring Marco or another ERP architect to the first SAP call, show the notification "
            "appearing in IW21 live, and only mention the REST API if they ask about other systems."
        ),
        "tags": ["sap-integration", "objection-handling"],
        "account": "Initech Utilities",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 40,
    },
    {
        "key": "p26",
        "kind": "insight",
        "author": "lucia",
        "title": "Procurement tip: lock the platform fee, not the per-asset fee",
        "body": (
            "Procurement teams ask for multi-year price locks on everything. What closed Globex: a "
            "3-year lock on the platform fee (the part they budget centrally) while per-asset fees "
            "follow the price list with a 4% annual cap.\n"
            "They got predictability on the big number and we kept room for growth. Finance "
            "approved it without an exception because the cap is inside standard terms."
        ),
        "tags": ["procurement", "pricing"],
        "account": "Globex Logistics",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 35,
    },
    {
        "key": "p27",
        "kind": "insight",
        "author": "kenji",
        "title": "Gotcha: gateway clock drift breaks OEE, enable NTP before go-live",
        "body": (
            "Two go-lives this month showed availability above 100% on some shifts. Cause: the "
            "gateways were on isolated OT networks with no time source and drifted up to 4 minutes a "
            "week, so stop and start events landed in the wrong shift.\n"
            "Fix: point the gateway at the PLC or a local NTP server during commissioning (Settings, "
            "Time, NTP) and check the drift value on the health page before the first OEE review. "
            "It takes five minutes and saves an awkward customer call."
        ),
        "tags": ["edge-gateway", "oee", "onboarding"],
        "account": None,
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 48,
    },
    {
        "key": "p28",
        "kind": "insight",
        "author": "ana",
        "title": "What worked at Contoso: let the plant manager present the pilot results",
        "body": (
            "At the Contoso Foods pilot readout I stayed quiet and let the Leeds plant manager present "
            "the results to the COO. He showed his own numbers: 11 hours of unplanned downtime "
            "avoided in 8 weeks, and one filler bearing caught before failure.\n"
            "The COO asked him, not me, what it would take to roll out. The decision took one meeting "
            "instead of three. Prepare the slides with the champion a week before, then hand over."
        ),
        "tags": ["poc", "talk-track", "food-and-beverage"],
        "account": "Contoso Foods",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 55,
    },
    {
        "key": "p29",
        "kind": "insight",
        "author": "soren",
        "title": "Vortex IoT head-to-head notes from Hooli Metals",
        "body": (
            "Notes from a bake-off against Vortex IoT at Hooli Metals:\n"
            "1. Their demo is slick but runs on a canned dataset. Ask to see it on the customer's own "
            "data from the pilot line.\n"
            "2. They have no native S7 or Modbus drivers; they rely on a third-party gateway, which "
            "means two vendors to call when data stops.\n"
            "3. Their pricing is per data point, which scares customers once they count tags.\n"
            "4. They are strong on mobile alerts. Do not argue that, show ours.\n"
            "We won on data ownership and one vendor for the whole stack."
        ),
        "tags": ["competitor-vortex", "objection-handling"],
        "account": "Hooli Metals",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 42,
    },
    {
        "key": "p30",
        "kind": "insight",
        "author": "tomas",
        "title": "Utilities buyers care about outage minutes, not OEE: reframe the demo",
        "body": (
            "I lost the first meeting at Proseware Water Authority by showing the manufacturing demo. "
            "OEE means nothing to them. What they report to the regulator is supply interruption "
            "minutes and pump station callouts.\n"
            "Second meeting: same product, but the dashboard showed pump health by station, predicted "
            "failures in the next 30 days and avoided callouts in money. Rename availability to "
            "station uptime and it lands immediately."
        ),
        "tags": ["utilities", "talk-track", "roi"],
        "account": "Proseware Water Authority",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 24,
    },
    {
        "key": "p31",
        "kind": "insight",
        "author": "zoe",
        "title": "Security review pack: send these six documents before they ask",
        "body": (
            "Security reviews stall when documents arrive one by one. Send this pack as soon as IT "
            "security is involved:\n"
            "1. SOC 2 Type II report (under NDA) plus the bridge letter if the period is old\n"
            "2. ISO 27001 certificate\n"
            "3. External pen test executive summary (under NDA)\n"
            "4. Data flow diagram: gateway to cloud, ports and encryption\n"
            "5. Completed standard questionnaire (we keep a current SIG Lite)\n"
            "6. Sub-processor list and hosting regions\n"
            "All of it is in the Security folder on the sales drive. Average review time drops from "
            "about 5 weeks to under 2."
        ),
        "tags": ["security-review", "procurement"],
        "account": None,
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 50,
    },
    {
        "key": "p32",
        "kind": "insight",
        "author": "felix",
        "title": "Early warning: a usage drop in weeks 6 to 8 predicts non-renewal",
        "body": (
            "Looking at last year's 14 churned or downsized accounts, 11 showed the same pattern: "
            "alert acknowledgements fell by more than 25% between weeks 6 and 8 after go-live, usually "
            "because nobody owned the alerts once the project team moved on.\n"
            "If you see that dip in the health dashboard, ask CS for an adoption review right away, "
            "not at renewal time. Naming an alert owner per line fixed it in most cases."
        ),
        "tags": ["renewal", "onboarding"],
        "account": None,
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 33,
    },
    {
        "key": "p33",
        "kind": "insight",
        "author": "mei",
        "title": "In chemicals, energy analytics lands faster than predictive maintenance",
        "body": (
            "Chemicals prospects have heard predictive maintenance pitches for years and are sceptical. "
            "Energy is different: the site energy manager has a budget, a carbon target and a bill "
            "that went up 40%.\n"
            "At Litware I opened with energy per batch and found 9% waste on compressed air in the "
            "first two weeks. That paid for the pilot and now predictive maintenance is an expansion "
            "conversation, not a leap of faith."
        ),
        "tags": ["energy-analytics", "predictive-maintenance", "expansion"],
        "account": "Litware Chemicals",
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 19,
    },
    {
        "key": "p34",
        "kind": "insight",
        "author": "priya",
        "title": "Discovery question that finds the real budget owner: who gets called at 3 a.m.?",
        "body": (
            "Ask: when a critical line stops at 3 in the morning, whose phone rings, and who explains "
            "it to the plant director the next day? The answer is usually the maintenance manager, "
            "and the person who has to explain it is the budget owner.\n"
            "It worked at Fabrikam and at two smaller packaging prospects: the conversation moved from "
            "IT to operations within a week."
        ),
        "tags": ["talk-track", "procurement"],
        "account": None,
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 29,
    },
    {
        "key": "p35",
        "kind": "insight",
        "author": "omar",
        "title": "Onboarding checklist for plants with no OT network segmentation",
        "body": (
            "About a third of mid-size plants still run PLCs on the office network. Before installing "
            "a gateway there:\n"
            "1. Put the gateway on its own VLAN with read-only access to the PLC addresses.\n"
            "2. Use outbound-only connectivity on 443; nothing inbound.\n"
            "3. Turn off the gateway's local web UI after commissioning.\n"
            "4. Give the customer's IT a one-page network diagram they can sign off.\n"
            "It avoids weeks of back and forth with IT security and makes us look like the adult in "
            "the room."
        ),
        "tags": ["onboarding", "security-review", "edge-gateway"],
        "account": None,
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 37,
    },
    {
        "key": "p36",
        "kind": "insight",
        "author": "kemi",
        "title": "Helix bundles analytics free: ask for their per-tag pricing after year two",
        "body": (
            "Helix Industrial Cloud's free analytics only covers 500 tags per gateway and ends after "
            "24 months. After that it is priced per tag, which at a typical plant means 3 to 4 times "
            "our subscription.\n"
            "Ask the customer to get Helix's year-three quote in writing. At one cold storage prospect "
            "that single request ended the conversation in our favour."
        ),
        "tags": ["competitor-helix", "pricing", "objection-handling"],
        "account": None,
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 16,
    },
    {
        "key": "p37",
        "kind": "insight",
        "author": "liam",
        "title": "Cold chain prospects: temperature excursion alerts sell themselves in the first demo",
        "body": (
            "For cold storage and food logistics prospects in our region, skip the platform tour. "
            "Show one thing: a temperature excursion alert on a freezer door left open, with the "
            "product value at risk in the alert text.\n"
            "Every warehouse manager has a story about a lost load. Two of my last three first "
            "meetings turned into pilot discussions on the spot."
        ),
        "tags": ["logistics", "talk-track"],
        "account": None,
        "audience": "division",
        "needed_by_days": None,
        "days_ago": 11,
    },
    {
        "key": "p38",
        "kind": "insight",
        "author": "ryan",
        "title": "Inside sales: maintenance managers answer on Tuesday mornings",
        "body": (
            "I tracked 400 calls this quarter. Maintenance managers almost never pick up on Monday "
            "(weekend breakdown reviews) or Friday afternoons. Tuesday between 9 and 11 my connect "
            "rate was 2.3 times the average.\n"
            "I now block Tuesday mornings for maintenance persona calls and leave Mondays for email."
        ),
        "tags": ["talk-track"],
        "account": None,
        "audience": "division",
        "needed_by_days": None,
        "days_ago": 13,
    },
    {
        "key": "p39",
        "kind": "insight",
        "author": "aiko",
        "title": "Roadmap: anomaly detection on 14 days of data ships next quarter",
        "body": (
            "Answering the Vortex IoT objection: the next analytics release adds unsupervised anomaly "
            "detection that starts giving useful alerts after about 14 days of data, instead of the "
            "6 to 8 weeks our failure models need.\n"
            "It is safe to mention to customers under NDA as planned for next quarter. Please do not "
            "put a date in writing or in a contract. Early access is open for two pilot customers; "
            "talk to me if you have a good candidate."
        ),
        "tags": ["predictive-maintenance", "competitor-vortex"],
        "account": None,
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 21,
    },
    {
        "key": "p40",
        "kind": "insight",
        "author": "dwayne",
        "title": "My notes on multi-year deals that held up in procurement",
        "body": (
            "Notes for my circle, not polished yet. The multi-year deals that survived procurement "
            "this year had three things in common: a ramp rather than a discount, an expansion price "
            "agreed up front for new sites, and a named executive sponsor on both sides.\n"
            "The ones that fell apart had a big year-one discount and nothing agreed about growth."
        ),
        "tags": ["pricing", "procurement", "renewal"],
        "account": None,
        "audience": "circle",
        "needed_by_days": None,
        "days_ago": 7,
    },
    {
        "key": "p41",
        "kind": "insight",
        "author": "jose",
        "title": "Renewal uplift: tie it to new sites, not to inflation",
        "body": (
            "Customers push back hard on CPI-based uplifts, and procurement always wins that argument. "
            "What works better: hold the price for existing sites and agree a pre-set price for new "
            "sites and assets.\n"
            "At three renewals this year, total contract value grew 18 to 35% that way, versus the "
            "3 to 5% we would have got from uplift alone."
        ),
        "tags": ["renewal", "pricing", "expansion"],
        "account": None,
        "audience": "firm",
        "needed_by_days": None,
        "days_ago": 26,
    },
    {
        "key": "p42",
        "kind": "insight",
        "author": "marco",
        "title": "Draft: SAP S/4HANA cloud and on-prem integrations differ more than you think",
        "body": (
            "Working draft for people I trade with. On S/4HANA Cloud public edition only released APIs "
            "are allowed, so the maintenance notification flow uses the OData service and nothing "
            "else. On-prem and private cloud give more options but customers' SAP teams are stricter.\n"
            "Ask which edition in the first call; it changes the effort estimate by weeks."
        ),
        "tags": ["sap-integration", "api"],
        "account": None,
        "audience": "circle",
        "needed_by_days": None,
        "days_ago": 3,
    },
]

ANSWERS = [
    {
        "key": "a1",
        "post": "p1",
        "author": "zoe",
        "accepted": True,
        "days_after_post": 1,
        "body": (
            "You can send everything today. The new SOC 2 report is due in about six weeks, so ask "
            "Sales Ops for the bridge letter: it covers the gap since the last period and auditors "
            "accept it. Send the SOC 2 report and the pen test executive summary under our mutual "
            "NDA (the standard one is fine, no special NDA needed). The ISO 27001 certificate and "
            "the data flow diagram are public and in the Security folder.\n"
            "Offer a 45-minute call with me and their security team. Contoso's questions are usually "
            "about what the gateway sends out and whether anything comes in; the answer is outbound "
            "only, TLS 1.2 or higher, no inbound ports."
        ),
    },
    {
        "key": "a2",
        "post": "p1",
        "author": "omar",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "From the implementation side: propose a pilot architecture with the gateway on its own "
            "VLAN and outbound-only traffic. Contoso's Hull plant asked for exactly that last year and "
            "their security team signed off in one meeting once they saw the diagram."
        ),
    },
    {
        "key": "a3",
        "post": "p2",
        "author": "helena",
        "accepted": True,
        "days_after_post": 1,
        "body": (
            "Yes, you can commit in the order form. EU tenants run in Frankfurt with backups and "
            "disaster recovery in Dublin, so nothing leaves the EU. For support access, add the EU "
            "Support Boundary option: tickets and any data access are handled only by our Lisbon and "
            "Berlin teams, and the US team cannot switch into EU tenants.\n"
            "Legal has approved clause language for this; ask Sales Ops for the data residency "
            "schedule. The only exception is anonymous service metrics (CPU, error rates), which the "
            "schedule already lists."
        ),
    },
    {
        "key": "a4",
        "post": "p2",
        "author": "marco",
        "accepted": False,
        "days_after_post": 3,
        "body": (
            "One more thing to check: if Globex wants the SAP integration later, confirm where their "
            "SAP Integration Suite tenant runs. If it is in a US region, data passes through it and "
            "their DPO will ask about that too."
        ),
    },
    {
        "key": "a5",
        "post": "p3",
        "author": "marco",
        "accepted": True,
        "days_after_post": 2,
        "body": (
            "This is exactly what the certified SAP PM connector does. Pulse raises a predicted "
            "failure, and the connector creates a maintenance notification (type M2 by default) "
            "through the standard OData service, with the functional location and equipment mapped. "
            "No ABAP, and it runs through the customer's Integration Suite or PO.\n"
            "Typical effort: 8 to 12 days, mostly mapping equipment IDs and agreeing with planners which "
            "predictions should create notifications. For the business case, say 3 weeks elapsed with "
            "their SAP team spending about 4 days. I am happy to join the next call."
        ),
    },
    {
        "key": "a6",
        "post": "p3",
        "author": "bjorn",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "Adding to Marco's answer: in the current release the connector also reads back the "
            "notification status, so when the planner closes the work order in SAP the alert in Pulse "
            "closes too. Planners at other utilities said that was what made them trust it."
        ),
    },
    {
        "key": "a7",
        "post": "p4",
        "author": "nadia",
        "accepted": True,
        "days_after_post": 0,
        "body": (
            "Do not match it. Acme's 40% is on year one only and their standard paper steps back to "
            "list in year two, plus per-user fees above 25 named users. Tailspin's pilot had 60 users.\n"
            "Build a 3-year total cost comparison with their real user count; in similar deals Acme "
            "ended up 8 to 15% more expensive. Then offer a ramp: 85% of list in year one, full price "
            "after, with a price cap on new sites. That gives procurement a year-one saving to report "
            "without a cliff. I will send you the comparison template."
        ),
    },
    {
        "key": "a8",
        "post": "p4",
        "author": "dwayne",
        "accepted": False,
        "days_after_post": 1,
        "body": (
            "I can approve the 85% ramp for a 3-year term without going to the VP. Anything deeper "
            "needs a deal desk review, so do not float it yet. Also get the ops director to tell "
            "procurement in writing why they prefer us after the line 4 pilot."
        ),
    },
    {
        "key": "a9",
        "post": "p4",
        "author": "jose",
        "accepted": False,
        "days_after_post": 1,
        "body": (
            "From renewals: two customers who took Acme's discount came back to us at the year-two "
            "renewal and said the step-up was not in their budget. Ask Tailspin's procurement whether "
            "they have budgeted year two; they often have not."
        ),
    },
    {
        "key": "a10",
        "post": "p5",
        "author": "kenji",
        "accepted": True,
        "days_after_post": 1,
        "body": (
            "Yes. Since firmware 4.2 the NW-EG200 has a native S7 driver, so no OPC UA licence is needed. "
            "Limits: up to 5,000 tags per gateway, and for S7-1500 keep polling at 500 ms or slower "
            "for more than 1,000 tags. On the PLC side, optimised block access must be off for the "
            "data blocks we read, or we read through a dedicated data block, which their controls "
            "engineer can set up in about an hour per PLC without downtime.\n"
            "For 22 PLCs I would plan 3 gateways. Send me their tag list and I will confirm the sizing."
        ),
    },
    {
        "key": "a11",
        "post": "p5",
        "author": "david",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "Confirming from product: the S7 driver is fully supported, not beta. The next firmware "
            "release also lifts the limit to 8,000 tags per gateway, but size for 5,000 until it ships."
        ),
    },
    {
        "key": "a12",
        "post": "p6",
        "author": "chloe",
        "accepted": False,
        "days_after_post": 1,
        "body": (
            "Approvals: 0% uplift on the whole contract needs the regional director and finance; "
            "termination for convenience needs the general counsel and is almost never granted. "
            "The usual trade: offer 0% uplift on existing sites for 3 years, with new sites at the "
            "price list capped at 4% a year, and no termination for convenience. If they insist on an "
            "exit, offer a one-time termination right at month 24 with a 90-day notice period."
        ),
    },
    {
        "key": "a13",
        "post": "p6",
        "author": "jose",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "Whatever you agree, write the expansion price into the contract now. The worst renewals "
            "I handle are the ones where the customer grew 3 times on a locked price and nothing was "
            "agreed for new sites."
        ),
    },
    {
        "key": "a14",
        "post": "p7",
        "author": "fatima",
        "accepted": True,
        "days_after_post": 1,
        "body": (
            "Use the value model in the Value Engineering folder; CFOs accept it because every number "
            "comes from the customer. Structure:\n"
            "1. Hard savings: avoided unplanned downtime hours times contribution margin per hour; use "
            "the pilot's 18% but apply it only to the same asset classes at other sites.\n"
            "2. Maintenance cost: fewer emergency callouts and spare parts expedites.\n"
            "3. Soft benefits listed separately and not counted in payback.\n"
            "Scale by asset count, not by site, and phase the rollout so year one has 4 sites. Send me "
            "the pilot data and I will build it with you on Wednesday."
        ),
    },
    {
        "key": "a15",
        "post": "p7",
        "author": "aiko",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "If the CFO asks how reliable the 18% is: the Carlow pilot had enough failure events for the "
            "pasteuriser model, but for homogenisers we only had two. Present homogeniser savings as a "
            "range rather than a point estimate."
        ),
    },
    {
        "key": "a16",
        "post": "p8",
        "author": "david",
        "accepted": False,
        "days_after_post": 3,
        "body": (
            "The NW-EG200 is not ATEX certified and will not be. Two options that customers have used: "
            "mount the gateway outside the zone and bring the signals in through certified "
            "intrinsically safe barriers, or use our partner's Zone 2 certified enclosure, which adds "
            "about 2,800 per gateway and 3 weeks lead time. For wireless sensors inside the zone, only "
            "the certified sensor range is allowed. I will send you the partner contact."
        ),
    },
    {
        "key": "a17",
        "post": "p9",
        "author": "aiko",
        "accepted": True,
        "days_after_post": 1,
        "body": (
            "Partly true. What Vortex does from day one is threshold alarms against ISO vibration "
            "limits, which we also do out of the box. That catches a failing bearing late, not early. "
            "Predicting a failure weeks ahead needs a baseline of how that specific machine behaves.\n"
            "Suggested answer: we alarm from day one too, and after 6 to 8 weeks you also get early "
            "warnings that thresholds cannot give. Ask Vortex how many weeks of warning their day-one "
            "alerts give. Our next release also shortens the baseline to about 14 days."
        ),
    },
    {
        "key": "a18",
        "post": "p9",
        "author": "nadia",
        "accepted": False,
        "days_after_post": 1,
        "body": (
            "The updated Vortex battle card has a slide on this with a customer quote from a plant that "
            "switched from Vortex after too many false alarms. It is in the Competitive folder."
        ),
    },
    {
        "key": "a19",
        "post": "p9",
        "author": "ingrid",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "In the pilot, turn on the ISO threshold alarms in week one so the team sees value "
            "immediately. Then the baseline period does not feel like waiting."
        ),
    },
    {
        "key": "a20",
        "post": "p10",
        "author": "zoe",
        "accepted": True,
        "days_after_post": 0,
        "body": (
            "Yes to both. SSO with Entra ID (SAML 2.0 or OIDC) is in every tier. SCIM 2.0 provisioning "
            "is in the Enterprise tier and works with the Entra ID gallery app, including "
            "deprovisioning within about 40 minutes. Groups can map to Pulse roles and sites.\n"
            "The setup guide is in the Security folder under SSO. Contractors can be kept in a separate "
            "group with access to only the sites they work on."
        ),
    },
    {
        "key": "a21",
        "post": "p12",
        "author": "felix",
        "accepted": True,
        "days_after_post": 1,
        "body": (
            "Get ahead of it: raise the dip yourself before procurement does. Frame it as: the two "
            "plants lost their champion, and we want to protect the value they were getting. Propose "
            "a free adoption sprint: a CS-led workshop at each plant, naming an alert owner per line "
            "and re-running the downtime review with the new CI lead.\n"
            "I can run both workshops in the next three weeks. Then walk into the renewal with "
            "recovered numbers and the three healthy plants as the headline."
        ),
    },
    {
        "key": "a22",
        "post": "p12",
        "author": "grace",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "Also find out who replaced the CI manager and get them into an executive business review "
            "with their COO. Renewals with a new champion go better when the champion gets credit "
            "early."
        ),
    },
    {
        "key": "a23",
        "post": "p13",
        "author": "hannah",
        "accepted": False,
        "days_after_post": 1,
        "body": (
            "Brightwater Municipal Utility is a good fit: 38 pump stations on Pulse for two years and "
            "their operations manager likes doing calls. They have done one reference this quarter, so "
            "one more is fine. I will ask her today for slots next week."
        ),
    },
    {
        "key": "a24",
        "post": "p14",
        "author": "nadia",
        "accepted": False,
        "days_after_post": 1,
        "body": (
            "Helix's free analytics covers 500 tags per gateway for 24 months, then it is priced per "
            "tag. Ask Hooli to get the year-three price in writing. Product is looking at a gateway "
            "trade-in credit, but nothing is approved, so do not mention it to the customer."
        ),
    },
    {
        "key": "a25",
        "post": "p14",
        "author": "rahul",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "Pre-sales can run a 2-week side-by-side on one line at no cost if the deal is above 150k. "
            "In the two bake-offs we ran against Helix, their analytics needed a data scientist to set "
            "up models and ours did not. That is worth showing, not telling."
        ),
    },
    {
        "key": "a26",
        "post": "p15",
        "author": "kenji",
        "accepted": True,
        "days_after_post": 0,
        "body": (
            "Switch the gateway to MQTT over WebSockets on port 443 (Connectivity, Transport, WSS). It "
            "supports HTTP proxies with basic or NTLM authentication; enter the proxy in the same "
            "screen. If their proxy inspects TLS, they need to allow-list our ingest hostname or add "
            "their inspection CA to the gateway trust store.\n"
            "I did this at two plants last month; it takes about 15 minutes per gateway. Call me if "
            "the gateways still show offline."
        ),
    },
    {
        "key": "a27",
        "post": "p15",
        "author": "zoe",
        "accepted": False,
        "days_after_post": 1,
        "body": (
            "For their network lead: traffic is still outbound-only TLS on 443 with certificate-based "
            "device authentication. The data flow diagram in the Security folder has a WebSockets "
            "variant you can send."
        ),
    },
    {
        "key": "a28",
        "post": "p16",
        "author": "omar",
        "accepted": True,
        "days_after_post": 1,
        "body": (
            "Honest number with that team: 6 to 7 weeks to first dashboards for three sites, 4 if they "
            "give us the contractor for three days a week in weeks two and three.\n"
            "What we need from them: network approval for the gateways before the kickoff, a tag list "
            "per site, and a named person who will own the alerts. We can do remote commissioning, so "
            "the contractor only needs to be on site for mounting and wiring."
        ),
    },
    {
        "key": "a29",
        "post": "p16",
        "author": "hannah",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "Promise the first site in 3 weeks and the other two after. Seeing one site live keeps "
            "momentum better than waiting 6 weeks for all three."
        ),
    },
    {
        "key": "a30",
        "post": "p18",
        "author": "kenji",
        "accepted": False,
        "days_after_post": 1,
        "body": (
            "Do not backfill through the live ingest API; it is rate limited per tenant. Use the bulk "
            "import: export from the historian to Parquet files, one per tag group per month, and load "
            "them through the bulk endpoint. At Hooli we loaded 2 years of 35,000 tags in about 30 "
            "hours. Then the gateway takes over live data from a cut-over timestamp."
        ),
    },
    {
        "key": "a31",
        "post": "p18",
        "author": "marco",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "Check with their historian admin whether the export tool is licensed. Some sites only have "
            "the viewer licence and the export needs an extra module, which adds weeks."
        ),
    },
    {
        "key": "a32",
        "post": "p19",
        "author": "chloe",
        "accepted": False,
        "days_after_post": 1,
        "body": (
            "Unlimited is not approvable. The pre-approved fallback is a separate super-cap for data "
            "protection breaches at 2 times annual fees, so about 480k here, which you can offer "
            "without legal. Up to 3 times needs the general counsel. Mention our cyber insurance "
            "cover; their legal team usually relaxes when they see it."
        ),
    },
    {
        "key": "a33",
        "post": "p22",
        "author": "ingrid",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "In two weeks you cannot prove predictive maintenance, so do not try. Prove visibility: "
            "connect the line on day one, show live OEE and the top five downtime reasons by day five, "
            "and end with a half-day review where the line manager presents what they learned. Set "
            "success criteria in writing before you start."
        ),
    },
    {
        "key": "a34",
        "post": "p23",
        "author": "bjorn",
        "accepted": True,
        "days_after_post": 1,
        "body": (
            "Site-scoped read-only API keys shipped in release 7.4: in Admin, API keys, choose scope "
            "Sites and pick the plant. Contoso is on 7.3, so their upgrade next week will bring it. "
            "Until then, the workaround is a separate service user per plant with site-restricted "
            "access and a key issued for that user."
        ),
    },
    {
        "key": "a35",
        "post": "p13",
        "author": "grace",
        "accepted": False,
        "days_after_post": 2,
        "body": (
            "If Brightwater cannot make it in time, Proseware Water Authority's pilot team would do an "
            "informal call, but they are not in production yet, so position it as a peer conversation, "
            "not a reference."
        ),
    },
]

USES = [
    {
        "user": "ana",
        "target": "a1",
        "hours_saved": 6,
        "deal_influenced": True,
        "days_after": 2,
        "note": "Sent the bridge letter and pen test summary to Contoso's CISO the same day. Pilot approved on time.",
    },
    {
        "user": "kemi",
        "target": "p31",
        "hours_saved": 12,
        "deal_influenced": True,
        "days_after": 10,
        "note": "Sent all six documents to Wingtip's IT security up front. Review closed in 9 days.",
    },
    {
        "user": "liam",
        "target": "p31",
        "hours_saved": 4,
        "deal_influenced": False,
        "days_after": 30,
        "note": "Used the pack for Coho Dairy's vendor onboarding.",
    },
    {
        "user": "mei",
        "target": "p31",
        "hours_saved": 5,
        "deal_influenced": False,
        "days_after": 40,
        "note": "Litware's security team had no follow-up questions after the pack.",
    },
    {
        "user": "lucia",
        "target": "a3",
        "hours_saved": 8,
        "deal_influenced": True,
        "days_after": 1,
        "note": "Added the data residency schedule to the Globex order form. Their DPO signed off.",
    },
    {
        "user": "jonas",
        "target": "a5",
        "hours_saved": 10,
        "deal_influenced": True,
        "days_after": 3,
        "note": "Put Marco's effort estimate into the Initech business case; SAP team agreed to it.",
    },
    {
        "user": "mei",
        "target": "p25",
        "hours_saved": 3,
        "deal_influenced": False,
        "days_after": 20,
        "note": "Led with the certified connector on Litware's first SAP call. Much calmer meeting.",
    },
    {
        "user": "tomas",
        "target": "a7",
        "hours_saved": 5,
        "deal_influenced": True,
        "days_after": 2,
        "note": "3-year comparison plus the 85% ramp won Tailspin without matching Acme.",
    },
    {
        "user": "kemi",
        "target": "p24",
        "hours_saved": 3,
        "deal_influenced": True,
        "days_after": 5,
        "note": "Used the year-two cliff question with a cold storage prospect facing Acme.",
    },
    {
        "user": "ryan",
        "target": "p24",
        "hours_saved": 2,
        "deal_influenced": False,
        "days_after": 12,
        "note": "Reused the talk track on a discovery call when Acme came up.",
    },
    {
        "user": "priya",
        "target": "a10",
        "hours_saved": 16,
        "deal_influenced": True,
        "days_after": 1,
        "note": "No OPC UA licences needed at Fabrikam; the business case works again.",
    },
    {
        "user": "omar",
        "target": "p27",
        "hours_saved": 6,
        "deal_influenced": False,
        "days_after": 10,
        "note": "Added the NTP check to our commissioning runbook.",
    },
    {
        "user": "felix",
        "target": "p27",
        "hours_saved": 3,
        "deal_influenced": False,
        "days_after": 25,
        "note": "Explained odd availability numbers at a customer with this; fixed in an hour.",
    },
    {
        "user": "liam",
        "target": "a14",
        "hours_saved": 10,
        "deal_influenced": True,
        "days_after": 1,
        "note": "Coho Dairy's CFO accepted the model as it was. Board approved phase one.",
    },
    {
        "user": "jose",
        "target": "a14",
        "hours_saved": 4,
        "deal_influenced": True,
        "days_after": 10,
        "note": "Reused the structure to justify an expansion at a renewal.",
    },
    {
        "user": "soren",
        "target": "a17",
        "hours_saved": 2,
        "deal_influenced": True,
        "days_after": 4,
        "note": "Asked Vortex how many weeks of warning their alarms give. Hooli's team noticed.",
    },
    {
        "user": "lucia",
        "target": "p29",
        "hours_saved": 2,
        "deal_influenced": False,
        "days_after": 15,
        "note": "Asked Vortex to demo on the customer's own data. They could not do it that week.",
    },
    {
        "user": "tomas",
        "target": "p29",
        "hours_saved": None,
        "deal_influenced": False,
        "days_after": 20,
        "note": "Prepared for a bake-off with these notes.",
    },
    {
        "user": "ryan",
        "target": "a20",
        "hours_saved": 3,
        "deal_influenced": False,
        "days_after": 1,
        "note": "Sent the SSO guide to Proseware IT; they moved on to the next topic.",
    },
    {
        "user": "ana",
        "target": "a21",
        "hours_saved": 4,
        "deal_influenced": True,
        "days_after": 3,
        "note": "Raised the usage dip myself and booked Félix's workshops. Renewal conversation went well.",
    },
    {
        "user": "ana",
        "target": "p32",
        "hours_saved": 2,
        "deal_influenced": False,
        "days_after": 14,
        "note": "Checked my accounts for the week 6 to 8 dip; found Contoso's two plants.",
    },
    {
        "user": "jose",
        "target": "p32",
        "hours_saved": 5,
        "deal_influenced": False,
        "days_after": 8,
        "note": "Added the dip to our renewal risk review.",
    },
    {
        "user": "priya",
        "target": "a26",
        "hours_saved": 6,
        "deal_influenced": True,
        "days_after": 2,
        "note": "Gateways online over 443 through Fabrikam's proxy before the Monday demo.",
    },
    {
        "user": "kemi",
        "target": "a28",
        "hours_saved": 4,
        "deal_influenced": True,
        "days_after": 2,
        "note": "Gave Wingtip the honest 6 to 7 week plan. They trusted us more for it.",
    },
    {
        "user": "jonas",
        "target": "p30",
        "hours_saved": 3,
        "deal_influenced": True,
        "days_after": 6,
        "note": "Rebuilt the Initech demo around pump station uptime.",
    },
    {
        "user": "rahul",
        "target": "p30",
        "hours_saved": 8,
        "deal_influenced": False,
        "days_after": 10,
        "note": "Made a utilities version of our standard demo script.",
    },
    {
        "user": "kemi",
        "target": "p26",
        "hours_saved": 3,
        "deal_influenced": False,
        "days_after": 15,
        "note": "Proposed the platform-fee lock to Wingtip procurement.",
    },
    {
        "user": "soren",
        "target": "p26",
        "hours_saved": 2,
        "deal_influenced": True,
        "days_after": 20,
        "note": "Used the same split at Umbrella Paper Mills; procurement accepted it.",
    },
    {
        "user": "mei",
        "target": "p28",
        "hours_saved": None,
        "deal_influenced": True,
        "days_after": 30,
        "note": "Had Litware's energy manager present the pilot results to the site director.",
    },
    {
        "user": "tomas",
        "target": "p28",
        "hours_saved": None,
        "deal_influenced": False,
        "days_after": 40,
        "note": "Prepared the Tailspin readout with their ops director.",
    },
    {
        "user": "lucia",
        "target": "p34",
        "hours_saved": None,
        "deal_influenced": False,
        "days_after": 5,
        "note": "Asked the 3 a.m. question at a logistics prospect; found the real sponsor.",
    },
    {
        "user": "dwayne",
        "target": "p34",
        "hours_saved": 2,
        "deal_influenced": False,
        "days_after": 8,
        "note": "Added it to our team's discovery guide.",
    },
    {
        "user": "kemi",
        "target": "p35",
        "hours_saved": 5,
        "deal_influenced": False,
        "days_after": 9,
        "note": "Sent the one-page network diagram to Wingtip's IT person.",
    },
    {
        "user": "priya",
        "target": "p35",
        "hours_saved": 4,
        "deal_influenced": False,
        "days_after": 20,
        "note": "Fabrikam's second plant has no segmentation; used the checklist.",
    },
    {
        "user": "soren",
        "target": "p36",
        "hours_saved": 2,
        "deal_influenced": True,
        "days_after": 5,
        "note": "Asked Hooli to get Helix's year-three quote in writing.",
    },
    {
        "user": "dwayne",
        "target": "a24",
        "hours_saved": 3,
        "deal_influenced": False,
        "days_after": 1,
        "note": "Briefed the team on the 500-tag limit for Helix deals.",
    },
    {
        "user": "priya",
        "target": "p37",
        "hours_saved": None,
        "deal_influenced": False,
        "days_after": 3,
        "note": "Opened with the freezer door alert at a frozen food distributor.",
    },
    {
        "user": "mei",
        "target": "p38",
        "hours_saved": None,
        "deal_influenced": False,
        "days_after": 6,
        "note": "Moved my maintenance manager calls to Tuesday mornings.",
    },
    {
        "user": "soren",
        "target": "p39",
        "hours_saved": 1,
        "deal_influenced": True,
        "days_after": 7,
        "note": "Mentioned the 14-day anomaly detection under NDA at Hooli.",
    },
    {
        "user": "tomas",
        "target": "p39",
        "hours_saved": None,
        "deal_influenced": False,
        "days_after": 3,
        "note": "Used it to answer a Vortex objection at a bottler.",
    },
    {
        "user": "fatima",
        "target": "p33",
        "hours_saved": 6,
        "deal_influenced": False,
        "days_after": 8,
        "note": "Built an energy-first demo for a chemicals prospect.",
    },
    {
        "user": "ana",
        "target": "p41",
        "hours_saved": 2,
        "deal_influenced": True,
        "days_after": 12,
        "note": "Proposed a new-site price instead of uplift in the Contoso renewal.",
    },
    {
        "user": "hannah",
        "target": "a34",
        "hours_saved": 2,
        "deal_influenced": False,
        "days_after": 1,
        "note": "Set up per-plant service users for Contoso until the 7.4 upgrade.",
    },
    {
        "user": "kemi",
        "target": "a12",
        "hours_saved": 2,
        "deal_influenced": False,
        "days_after": 3,
        "note": "Offered the month-24 exit instead of termination for convenience.",
    },
    {
        "user": "fatima",
        "target": "a5",
        "hours_saved": 6,
        "deal_influenced": False,
        "days_after": 10,
        "note": "Reused the SAP PM notification flow in a solution design.",
    },
    {
        "user": "ingrid",
        "target": "a30",
        "hours_saved": 8,
        "deal_influenced": False,
        "days_after": 1,
        "note": "Planned the Umbrella backfill with the bulk import.",
    },
    {
        "user": "kenji",
        "target": "a31",
        "hours_saved": 4,
        "deal_influenced": False,
        "days_after": 2,
        "note": "Checked the historian export licence early; it was missing.",
    },
    {
        "user": "mei",
        "target": "a16",
        "hours_saved": 3,
        "deal_influenced": False,
        "days_after": 2,
        "note": "Proposed gateways outside the zone with IS barriers to Litware's HSE manager.",
    },
    {
        "user": "jonas",
        "target": "a23",
        "hours_saved": 2,
        "deal_influenced": False,
        "days_after": 1,
        "note": "Booked the Brightwater reference call for Initech.",
    },
    {
        "user": "soren",
        "target": "a32",
        "hours_saved": 3,
        "deal_influenced": False,
        "days_after": 1,
        "note": "Offered the 2x super-cap to Umbrella's legal team.",
    },
    {
        "user": "nadia",
        "target": "p29",
        "hours_saved": 6,
        "deal_influenced": False,
        "days_after": 3,
        "note": "Folded these notes into the official Vortex battle card.",
    },
]

HELPFUL = [
    # on challenges (good questions)
    {"user": "zoe", "target": "p1"},
    {"user": "rahul", "target": "p1"},
    {"user": "grace", "target": "p2"},
    {"user": "bjorn", "target": "p3"},
    {"user": "marta", "target": "p4"},
    {"user": "nadia", "target": "p9"},
    {"user": "helena", "target": "p14"},
    {"user": "david", "target": "p8"},
    {"user": "omar", "target": "p16"},
    {"user": "aiko", "target": "p20"},
    # on answers
    {"user": "ana", "target": "a1"},
    {"user": "marta", "target": "a1"},
    {"user": "chloe", "target": "a1"},
    {"user": "lucia", "target": "a3"},
    {"user": "dwayne", "target": "a3"},
    {"user": "jonas", "target": "a5"},
    {"user": "priya", "target": "a5"},
    {"user": "tomas", "target": "a7"},
    {"user": "kemi", "target": "a7"},
    {"user": "lucia", "target": "a7"},
    {"user": "tomas", "target": "a8"},
    {"user": "priya", "target": "a10"},
    {"user": "liam", "target": "a10"},
    {"user": "liam", "target": "a14"},
    {"user": "marta", "target": "a14"},
    {"user": "soren", "target": "a17"},
    {"user": "helena", "target": "a17"},
    {"user": "ryan", "target": "a20"},
    {"user": "mei", "target": "a20"},
    {"user": "ana", "target": "a21"},
    {"user": "jose", "target": "a21"},
    {"user": "priya", "target": "a26"},
    {"user": "chloe", "target": "a26"},
    {"user": "kemi", "target": "a28"},
    {"user": "felix", "target": "a28"},
    {"user": "dwayne", "target": "a24"},
    {"user": "hannah", "target": "a34"},
    {"user": "ingrid", "target": "a30"},
    {"user": "rahul", "target": "a30"},
    {"user": "jonas", "target": "a23"},
    {"user": "kemi", "target": "a12"},
    {"user": "soren", "target": "a32"},
    {"user": "mei", "target": "a16"},
    # on insights
    {"user": "kemi", "target": "p24"},
    {"user": "tomas", "target": "p24"},
    {"user": "mei", "target": "p25"},
    {"user": "marco", "target": "p25"},
    {"user": "omar", "target": "p27"},
    {"user": "hannah", "target": "p27"},
    {"user": "liam", "target": "p28"},
    {"user": "lucia", "target": "p29"},
    {"user": "nadia", "target": "p29"},
    {"user": "jonas", "target": "p30"},
    {"user": "kemi", "target": "p31"},
    {"user": "yuki", "target": "p31"},
    {"user": "ana", "target": "p32"},
    {"user": "fatima", "target": "p33"},
    {"user": "dwayne", "target": "p34"},
    {"user": "soren", "target": "p36"},
    {"user": "marta", "target": "p37"},
    {"user": "kemi", "target": "p38"},
    {"user": "grace", "target": "p41"},
]


# ---------------------------------------------------------------------------- validation

# Gives-and-gets. Each trade is proposed `days_ago` days before the demo's "now"; legs are
# due `due_days` after the proposal (None: an open "I owe you one"); `steps` happen
# `days_after` the proposal, in order. Whatever the clock makes of them afterwards
# (overdue, broken) is applied when the demo is loaded.
TRADES = [
    {
        "key": "t1",
        "proposer": "ana",
        "counterparty": "kenji",
        "days_ago": 34,
        "message": "You get first look at a live OEE pilot; I get a POC plan that survives their plant IT.",
        "offer": {
            "kind": "lead",
            "description": "Globex Foods wants an OEE pilot on two bottling lines",
            "account": "Globex Foods",
            "due_days": 5,
        },
        "ask": {"kind": "review", "description": "Review my POC success criteria before I send them", "due_days": 7},
        "steps": [
            (1, "accept", "kenji"),
            (3, "deliver", "ana"),
            (5, "deliver", "kenji"),
            (6, "confirm", "ana"),
            (6, "confirm", "kenji"),
            (20, "outcome:won", "kenji"),
        ],
    },
    {
        "key": "t2",
        "proposer": "dwayne",
        "counterparty": "marco",
        "days_ago": 12,
        "message": "Trade you my multi-year deal notes for an hour on S/4HANA editions.",
        "offer": {
            "kind": "insight",
            "description": "My notes on multi-year deals that held up in procurement",
            "due_days": 4,
        },
        "ask": {
            "kind": "help",
            "description": "One hour walking my team through S/4HANA cloud vs on-prem",
            "due_days": 10,
        },
        "steps": [
            (0, "accept", "marco"),
            (2, "deliver", "dwayne"),
            (3, "confirm", "marco"),
            (6, "deliver", "marco"),
            (7, "confirm", "dwayne"),
        ],
    },
    {
        "key": "t3",
        "proposer": "priya",
        "counterparty": "helena",
        "days_ago": 6,
        "message": "Two of my accounts would love the early-access programme.",
        "offer": {"kind": "exposure", "description": "A slot for you in my QBR with Northwind Dairy", "due_days": 7},
        "ask": {
            "kind": "introduction",
            "description": "Introduce me to the early-access programme lead",
            "due_days": 4,
        },
        "steps": [(0, "accept", "helena"), (2, "deliver", "helena"), (3, "confirm", "priya")],
    },
    {
        "key": "t4",
        "proposer": "grace",
        "counterparty": "liam",
        "days_ago": 20,
        "offer": {"kind": "information", "description": "Renewal risk notes on the Contoso account", "due_days": 3},
        "ask": {"kind": "help", "description": "Join the Contoso escalation call with me", "due_days": 4},
        "steps": [(1, "accept", "liam"), (2, "deliver", "grace"), (3, "confirm", "liam")],
    },
    {
        "key": "t5",
        "proposer": "ana",
        "counterparty": "zoe",
        "days_ago": 9,
        "offer": {
            "kind": "idea",
            "description": "The talk track that got Globex's CFO to agree a pilot",
            "due_days": 3,
        },
        "ask": {"kind": "review", "description": "Check my security questionnaire answers for Initech", "due_days": 6},
        "steps": [(1, "accept", "zoe"), (8, "deliver", "zoe")],
    },
    {
        "key": "t6",
        "proposer": "fatima",
        "counterparty": "ana",
        "days_ago": 1,
        "message": "I build the value model, you bring me into the next food and beverage deal.",
        "offer": {"kind": "help", "description": "A value model for your next food and beverage deal", "due_days": 6},
        "ask": {
            "kind": "lead",
            "description": "A food and beverage prospect ready for a value workshop",
            "account": "Tailspin Beverages",
            "due_days": 10,
        },
        "steps": [],
    },
    {
        "key": "t7",
        "proposer": "mei",
        "counterparty": "david",
        "days_ago": 15,
        "offer": {
            "kind": "information",
            "description": "Competitor pricing seen at three southern accounts",
            "due_days": 5,
        },
        "ask": {"kind": "introduction", "description": "Introduce me to the gateway roadmap owner", "due_days": 8},
        "steps": [(2, "decline", "david")],
    },
    {
        "key": "t8",
        "proposer": "jose",
        "counterparty": "ingrid",
        "days_ago": 25,
        "offer": {"kind": "insight", "description": "What made three renewals grow by new sites", "due_days": None},
        "ask": {
            "kind": "review",
            "description": "Review the architecture slide for the Fabrikam renewal",
            "due_days": 5,
        },
        "steps": [
            (0, "accept", "ingrid"),
            (7, "deliver", "ingrid"),
            (8, "confirm", "jose"),
            (9, "deliver", "jose"),
            (10, "confirm", "ingrid"),
        ],
    },
]

_ROLES = tuple(Role)
_KINDS = tuple(PostKind)
_AUDIENCES = tuple(Audience)
_STATUSES = tuple(ChallengeStatus)
_EMAIL_DOMAIN = "@quid.example"
_TITLE_MIN, _TITLE_MAX = TITLE_MIN_LENGTH, TITLE_MAX_LENGTH
_BODY_MAX = BODY_MAX_LENGTH
_ACCOUNT_MAX = ACCOUNT_MAX_LENGTH
# The demo keeps to 1-4 tags, fewer than the product allows (MAX_TAGS_PER_POST).
_MAX_TAGS_PER_POST = min(4, MAX_TAGS_PER_POST)
_MAX_EXPERTISE = MAX_EXPERTISE_TAGS
_NOTE_MAX = USE_NOTE_MAX_LENGTH
_MAX_HOURS_SAVED = MAX_HOURS_SAVED
# The demo's history spans the last two months (a choice of the demo, not a product limit).
_MAX_DAYS_AGO = 60
# Signs of markup (HTML, Kivy, Markdown) that plain-text demo content must not contain.
_MARKUP_SIGNS = ("<", ">", "[", "]", "**", "__", "`", "&amp;", "&lt;", "&gt;")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text_problems(where: str, text, *, max_length: int, min_length: int = 1) -> list[str]:
    if not isinstance(text, str):
        return [f"{where}: not a string"]
    problems = []
    if not min_length <= len(text.strip()) <= max_length or len(text) > max_length:
        problems.append(f"{where}: length {len(text)} outside {min_length}..{max_length}")
    for sign in _MARKUP_SIGNS:
        if sign in text:
            problems.append(f"{where}: contains markup-like {sign!r}")
    return problems


def _duplicates(values) -> list:
    seen, repeated = set(), []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


def validate() -> list[str]:
    """Every problem with the demo content, as readable lines; an empty list when it is sound."""
    problems: list[str] = []

    # divisions
    division_slugs = [division.get("slug") for division in DIVISIONS]
    if len(DIVISIONS) != 5:
        problems.append(f"DIVISIONS: expected 5, found {len(DIVISIONS)}")
    for slug in _duplicates(division_slugs):
        problems.append(f"DIVISIONS: duplicate slug {slug!r}")
    for division in DIVISIONS:
        if not division.get("slug") or not division.get("name"):
            problems.append(f"DIVISIONS: incomplete {division!r}")
    divisions = set(division_slugs)

    # tags
    for tag in TAGS:
        if not isinstance(tag, str) or not re.fullmatch(TAG_PATTERN, tag):
            problems.append(f"TAGS: {tag!r} does not match {TAG_PATTERN}")
    for tag in _duplicates(TAGS):
        problems.append(f"TAGS: duplicate {tag!r}")
    tags = set(TAGS)

    # people
    people = {}
    if len(PEOPLE) != 30:
        problems.append(f"PEOPLE: expected 30, found {len(PEOPLE)}")
    for key in _duplicates([person.get("key") for person in PEOPLE]):
        problems.append(f"PEOPLE: duplicate key {key!r}")
    for email in _duplicates([person.get("email", "").lower() for person in PEOPLE]):
        problems.append(f"PEOPLE: duplicate email {email!r}")
    for person in PEOPLE:
        key = person.get("key")
        where = f"person {key!r}"
        people[key] = person
        if not isinstance(key, str) or not key or key != key.lower() or not key.isascii():
            problems.append(f"{where}: key must be short, lowercase ASCII")
        email = person.get("email", "")
        if (
            not email.endswith(_EMAIL_DOMAIN)
            or email.count("@") != 1
            or not email.isascii()
            or len(email) > EMAIL_MAX_LENGTH
            or email.startswith("@")
        ):
            problems.append(f"{where}: bad email {email!r}")
        problems += _text_problems(
            f"{where} display_name",
            person.get("display_name"),
            max_length=DISPLAY_NAME_MAX_LENGTH,
            min_length=DISPLAY_NAME_MIN_LENGTH,
        )
        problems += _text_problems(f"{where} title", person.get("title"), max_length=JOB_TITLE_MAX_LENGTH)
        if person.get("division") not in divisions:
            problems.append(f"{where}: unknown division {person.get('division')!r}")
        if person.get("role") not in _ROLES:
            problems.append(f"{where}: bad role {person.get('role')!r}")
        expertise = person.get("expertise", [])
        if not isinstance(expertise, list) or len(expertise) > _MAX_EXPERTISE:
            problems.append(f"{where}: expertise must be a list of at most {_MAX_EXPERTISE} tags")
        else:
            for tag in expertise:
                if tag not in tags:
                    problems.append(f"{where}: expertise tag {tag!r} not in TAGS")
            for tag in _duplicates(expertise):
                problems.append(f"{where}: expertise tag {tag!r} repeated")
    for slug in divisions:
        members = [person for person in PEOPLE if person.get("division") == slug]
        if not 5 <= len(members) <= 7:
            problems.append(f"division {slug!r}: {len(members)} people, expected 5-7")
        leaders = [person for person in members if person.get("role") == "leader"]
        if len(leaders) != 1:
            problems.append(f"division {slug!r}: {len(leaders)} leaders, expected 1")
    admins = [person for person in PEOPLE if person.get("role") == "admin"]
    if len(admins) != 2:
        problems.append(f"PEOPLE: {len(admins)} admins, expected 2")
    if not any(not person.get("display_name", "").isascii() for person in PEOPLE):
        problems.append("PEOPLE: no non-ASCII display names")

    def division_of(person_key):
        return people.get(person_key, {}).get("division")

    def is_admin(person_key):
        return people.get(person_key, {}).get("role") == "admin"

    # posts
    posts = {}
    for key in _duplicates([post.get("key") for post in POSTS]):
        problems.append(f"POSTS: duplicate key {key!r}")
    for post in POSTS:
        key = post.get("key")
        where = f"post {key!r}"
        posts[key] = post
        kind = post.get("kind")
        if kind not in _KINDS:
            problems.append(f"{where}: bad kind {kind!r}")
        if post.get("author") not in people:
            problems.append(f"{where}: unknown author {post.get('author')!r}")
        problems += _text_problems(f"{where} title", post.get("title"), max_length=_TITLE_MAX, min_length=_TITLE_MIN)
        problems += _text_problems(f"{where} body", post.get("body"), max_length=_BODY_MAX)
        post_tags = post.get("tags")
        if not isinstance(post_tags, list) or not 1 <= len(post_tags) <= _MAX_TAGS_PER_POST:
            problems.append(f"{where}: needs 1-{_MAX_TAGS_PER_POST} tags")
        else:
            for tag in post_tags:
                if tag not in tags:
                    problems.append(f"{where}: tag {tag!r} not in TAGS")
            for tag in _duplicates(post_tags):
                problems.append(f"{where}: tag {tag!r} repeated")
        account = post.get("account")
        if account is not None:
            problems += _text_problems(f"{where} account", account, max_length=_ACCOUNT_MAX)
        if post.get("audience") not in _AUDIENCES:
            problems.append(f"{where}: bad audience {post.get('audience')!r}")
        days_ago = post.get("days_ago")
        if not _is_int(days_ago) or not 0 <= days_ago <= _MAX_DAYS_AGO:
            problems.append(f"{where}: days_ago must be an int in 0..{_MAX_DAYS_AGO}")
            days_ago = 0
        needed_by = post.get("needed_by_days")
        if kind == "challenge":
            if post.get("status") not in _STATUSES:
                problems.append(f"{where}: bad status {post.get('status')!r}")
            if needed_by is not None and (not _is_int(needed_by) or needed_by <= -days_ago):
                problems.append(f"{where}: needed_by_days must be None or an int after the posting day")
        else:
            if needed_by is not None:
                problems.append(f"{where}: only challenges have needed_by_days")
            if post.get("status") is not None:
                problems.append(f"{where}: only challenges have a status")
    post_counts = {kind: sum(1 for post in POSTS if post.get("kind") == kind) for kind in _KINDS}
    if not 18 <= post_counts["challenge"] <= 26 or not 15 <= post_counts["insight"] <= 22:
        problems.append(f"POSTS: unexpected mix {post_counts}")

    def can_see(person_key, post) -> bool:
        """The server's visibility rule (circle posts are checked against the posts' own authors:
        the demo's answers and uses are on posts their people can see without trades)."""
        if post.get("author") == person_key or is_admin(person_key):
            return True
        audience = post.get("audience")
        if audience == "firm":
            return True
        if audience == "division":
            return division_of(person_key) == division_of(post.get("author"))
        return False

    # answers
    answers = {}
    for key in _duplicates([answer.get("key") for answer in ANSWERS]):
        problems.append(f"ANSWERS: duplicate key {key!r}")
    for key in set(answer.get("key") for answer in ANSWERS) & set(posts):
        problems.append(f"ANSWERS: key {key!r} is also a post key")
    for answer in ANSWERS:
        key = answer.get("key")
        where = f"answer {key!r}"
        answers[key] = answer
        post = posts.get(answer.get("post"))
        author = answer.get("author")
        if post is None:
            problems.append(f"{where}: unknown post {answer.get('post')!r}")
            continue
        if post.get("kind") != "challenge":
            problems.append(f"{where}: answers a non-challenge {answer.get('post')!r}")
        if author not in people:
            problems.append(f"{where}: unknown author {author!r}")
        elif author == post.get("author"):
            problems.append(f"{where}: author answers their own challenge")
        elif not can_see(author, post):
            problems.append(f"{where}: author cannot see the challenge (audience {post.get('audience')})")
        problems += _text_problems(f"{where} body", answer.get("body"), max_length=_BODY_MAX)
        if not isinstance(answer.get("accepted"), bool):
            problems.append(f"{where}: accepted must be a bool")
        delay = answer.get("days_after_post")
        if not _is_int(delay) or not 0 <= delay <= post.get("days_ago", 0):
            problems.append(f"{where}: days_after_post must be an int in 0..{post.get('days_ago')}")

    # challenge statuses agree with their answers
    for post in POSTS:
        if post.get("kind") != "challenge":
            continue
        own = [answer for answer in ANSWERS if answer.get("post") == post.get("key")]
        accepted = [answer for answer in own if answer.get("accepted") is True]
        status = post.get("status")
        where = f"post {post.get('key')!r}"
        if status == "open" and own:
            problems.append(f"{where}: open but has {len(own)} answers")
        elif status == "answered" and (not own or accepted):
            problems.append(f"{where}: answered needs answers and none accepted")
        elif status == "solved" and len(accepted) != 1:
            problems.append(f"{where}: solved needs exactly one accepted answer, has {len(accepted)}")
        elif status == "closed" and len(accepted) > 1:
            problems.append(f"{where}: more than one accepted answer")

    def resolve(target_key):
        """(author, post whose audience governs, age in days) of a post or answer key."""
        if target_key in posts:
            post = posts[target_key]
            return post.get("author"), post, post.get("days_ago", 0)
        if target_key in answers:
            answer = answers[target_key]
            post = posts.get(answer.get("post"), {})
            return answer.get("author"), post, post.get("days_ago", 0) - answer.get("days_after_post", 0)
        return None

    # uses
    for user, target in _duplicates([(use.get("user"), use.get("target")) for use in USES]):
        problems.append(f"USES: {user!r} uses {target!r} more than once")
    for index, use in enumerate(USES):
        user, target = use.get("user"), use.get("target")
        where = f"use #{index} ({user!r} on {target!r})"
        resolved = resolve(target)
        if user not in people:
            problems.append(f"{where}: unknown user")
        if resolved is None:
            problems.append(f"{where}: unknown target")
            continue
        author, post, age = resolved
        if target in posts and posts[target].get("kind") != "insight":
            problems.append(f"{where}: only insights and answers can be used")
        if user == author:
            problems.append(f"{where}: uses their own content")
        elif user in people and not can_see(user, post):
            problems.append(f"{where}: user cannot see the target (audience {post.get('audience')})")
        problems += _text_problems(f"{where} note", use.get("note"), max_length=_NOTE_MAX)
        hours = use.get("hours_saved")
        if hours is not None and (not _is_int(hours) or not 0 <= hours <= _MAX_HOURS_SAVED):
            problems.append(f"{where}: hours_saved must be None or an int in 0..{_MAX_HOURS_SAVED}")
        if not isinstance(use.get("deal_influenced"), bool):
            problems.append(f"{where}: deal_influenced must be a bool")
        delay = use.get("days_after")
        if not _is_int(delay) or not 0 <= delay <= age:
            problems.append(f"{where}: days_after must be an int in 0..{age} (not in the future)")

    # helpful votes
    for user, target in _duplicates([(vote.get("user"), vote.get("target")) for vote in HELPFUL]):
        problems.append(f"HELPFUL: {user!r} votes {target!r} more than once")
    for index, vote in enumerate(HELPFUL):
        user, target = vote.get("user"), vote.get("target")
        where = f"helpful #{index} ({user!r} on {target!r})"
        resolved = resolve(target)
        if user not in people:
            problems.append(f"{where}: unknown user")
        if resolved is None:
            problems.append(f"{where}: unknown target")
            continue
        author, post, _ = resolved
        if user == author:
            problems.append(f"{where}: votes on their own content")
        elif user in people and not can_see(user, post):
            problems.append(f"{where}: user cannot see the target (audience {post.get('audience')})")

    return problems + trade_problems()


def trade_problems() -> list[str]:
    """What is wrong with TRADES: unknown people, self-trades, leads without accounts, steps."""
    problems = []
    people = {person["key"] for person in PEOPLE}
    for key in _duplicates([trade["key"] for trade in TRADES]):
        problems.append(f"TRADES: duplicate key {key!r}")
    for trade in TRADES:
        where = f"trade {trade['key']!r}"
        parties = {trade["proposer"], trade["counterparty"]}
        if not parties <= people or len(parties) != 2:
            problems.append(f"{where}: needs two known, different people")
        if not 0 <= trade["days_ago"] <= _MAX_DAYS_AGO:
            problems.append(f"{where}: days_ago out of range")
        for side in ("offer", "ask"):
            leg = trade[side]
            if (leg["kind"] == "lead") != bool(leg.get("account")):
                problems.append(f"{where}: {side}: a lead, and only a lead, names an account")
        for days_after, action, person in trade["steps"]:
            if person not in parties or days_after > trade["days_ago"]:
                problems.append(f"{where}: step {action!r} by {person!r} on day {days_after} is impossible")
    return problems
