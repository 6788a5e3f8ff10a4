"""The demo engagement's cast: Meridian IT Services, its customers, staff and managers."""

from __future__ import annotations

CLIENT = "Meridian IT Services"
TITLE = "Service quality review and re-audit"
SCOPE = (
    "Service desk, field support and hosting services that Meridian IT provides to the "
    "business units of the Harbour Group and to three external client organisations."
)
CONSULTANTS = ["Jo Whitfield", "Sam Patel"]

# (name, role, organisation unit, segment, attributes)
RESPONDENTS: list[tuple[str, str, str, str, dict[str, str]]] = [
    # External customers: client organisations buying managed services.
    (
        "Amara Okafor",
        "Operations director",
        "Harbourside Logistics",
        "external customer",
        {"site": "Bristol", "contract": "gold"},
    ),
    (
        "Tomasz Nowak",
        "IT coordinator",
        "Harbourside Logistics",
        "external customer",
        {"site": "Bristol", "contract": "gold"},
    ),
    (
        "Priya Raman",
        "Practice manager",
        "Fenwick & Rowe Solicitors",
        "external customer",
        {"site": "Leeds", "contract": "silver"},
    ),
    (
        "Gareth Hughes",
        "Senior partner",
        "Fenwick & Rowe Solicitors",
        "external customer",
        {"site": "Leeds", "contract": "silver"},
    ),
    (
        "Li Wei",
        "Finance officer",
        "Fenwick & Rowe Solicitors",
        "external customer",
        {"site": "Leeds", "contract": "silver"},
    ),
    (
        "Fiona MacLeod",
        "Business manager",
        "Calder Valley Schools Trust",
        "external customer",
        {"site": "Halifax", "contract": "bronze"},
    ),
    (
        "Daniel Mensah",
        "Network lead",
        "Calder Valley Schools Trust",
        "external customer",
        {"site": "Halifax", "contract": "bronze"},
    ),
    (
        "Sofia Rossi",
        "Head of admissions",
        "Calder Valley Schools Trust",
        "external customer",
        {"site": "Halifax", "contract": "bronze"},
    ),
    (
        "Hannah Becker",
        "Warehouse supervisor",
        "Harbourside Logistics",
        "external customer",
        {"site": "Avonmouth", "contract": "gold"},
    ),
    (
        "Omar Haddad",
        "Office manager",
        "Fenwick & Rowe Solicitors",
        "external customer",
        {"site": "York", "contract": "silver"},
    ),
    (
        "Grace O'Neill",
        "Teacher and ICT lead",
        "Calder Valley Schools Trust",
        "external customer",
        {"site": "Todmorden", "contract": "bronze"},
    ),
    (
        "Victor Alves",
        "Transport planner",
        "Harbourside Logistics",
        "external customer",
        {"site": "Bristol", "contract": "gold"},
    ),
    # Internal customers: business units of the Harbour Group.
    (
        "Rebecca Shaw",
        "Finance controller",
        "Group Finance",
        "internal customer",
        {"site": "Head office"},
    ),
    (
        "Marcus Reid",
        "Payroll manager",
        "Group Finance",
        "internal customer",
        {"site": "Head office"},
    ),
    (
        "Aisha Siddiqui",
        "HR business partner",
        "People & Culture",
        "internal customer",
        {"site": "Head office"},
    ),
    (
        "Colin Baxter",
        "Recruitment lead",
        "People & Culture",
        "internal customer",
        {"site": "Head office"},
    ),
    (
        "Elena Petrova",
        "Sales operations manager",
        "Commercial",
        "internal customer",
        {"site": "Manchester"},
    ),
    (
        "James Whitaker",
        "Key account manager",
        "Commercial",
        "internal customer",
        {"site": "Manchester"},
    ),
    ("Nadia Karim", "Plant manager", "Operations", "internal customer", {"site": "Port Talbot"}),
    (
        "Peter Lindqvist",
        "Shift supervisor",
        "Operations",
        "internal customer",
        {"site": "Port Talbot"},
    ),
    (
        "Chloe Dubois",
        "Facilities coordinator",
        "Estates",
        "internal customer",
        {"site": "Head office"},
    ),
    (
        "Samuel Adeyemi",
        "Quality engineer",
        "Operations",
        "internal customer",
        {"site": "Port Talbot"},
    ),
    (
        "Laura Fitzgerald",
        "Marketing manager",
        "Commercial",
        "internal customer",
        {"site": "Manchester"},
    ),
    (
        "Imran Chaudhry",
        "Procurement officer",
        "Group Finance",
        "internal customer",
        {"site": "Head office"},
    ),
    # Staff of the provider.
    ("Kirsty Doyle", "Service desk analyst", "Service Desk", "staff", {"team": "First line"}),
    ("Ben Harrow", "Service desk analyst", "Service Desk", "staff", {"team": "First line"}),
    ("Ravi Menon", "Field engineer", "Field Support", "staff", {"team": "Second line"}),
    ("Zoe Turner", "Field engineer", "Field Support", "staff", {"team": "Second line"}),
    ("Patrick Walsh", "Infrastructure engineer", "Hosting", "staff", {"team": "Third line"}),
    ("Mei Tanaka", "Change coordinator", "Service Management", "staff", {"team": "Process"}),
    ("Oliver Grant", "Service desk team leader", "Service Desk", "staff", {"team": "First line"}),
    ("Yusuf Demir", "Database administrator", "Hosting", "staff", {"team": "Third line"}),
    # Management of the provider.
    (
        "Catherine Price",
        "Head of IT operations",
        "Management",
        "management",
        {"team": "Leadership"},
    ),
    (
        "Andrew Mills",
        "Service delivery manager",
        "Management",
        "management",
        {"team": "Leadership"},
    ),
    (
        "Joanna Kowalska",
        "Problem and change manager",
        "Service Management",
        "management",
        {"team": "Process"},
    ),
    (
        "Richard Osei",
        "Chief information officer",
        "Management",
        "management",
        {"team": "Leadership"},
    ),
]

# Perception offset by segment on the 1–7 scales (external clients are the most critical).
SEGMENT_MOOD = {
    "external customer": -0.35,
    "internal customer": 0.05,
    "staff": 0.3,
    "management": 0.6,
}
