"""Demo content for ``manage.py load_demo``: plain Python data, no Django imports.

All stories are fictional, written for this demo. Places are real; the people, organisations'
statements, clubs, constituencies and figures are invented. Nothing here describes a real living
person doing anything.

Shapes (see ``tests/test_demo_data.py`` for the checks the loader can rely on):

* ``SECTIONS``  – ``[{"name", "slug"}]`` in display order.
* ``REGIONS``   – tree: ``[{"name", "slug", "children": [...]}]`` (every node has ``children``).
* ``TOPICS``    – ``[{"name", "slug"}]``.
* ``AUTHORS``   – ``[{"name", "slug", "bio"}]``.
* ``SOURCES``   – ``[{"name", "short"}]``; a story's ``source`` is a ``name`` from here, or ``None``.
* ``USERS``     – ``[{"username", "password", "role", "first_name", "last_name", "email"}]``;
  ``role`` is a group name ("Editor" / "Writer").
* ``STORIES``   – see the ``Story`` notes below.

Story dict::

    {
        "key": "syria-idlib-airstrikes",       # unique, stable; use it as the article slug
        "headline": str,
        "standfirst": str,                     # one sentence
        "section": "world",                    # a SECTIONS slug
        "regions": ["idlib", "syria"],         # REGIONS slugs (any depth)
        "topics": ["conflict"],                # TOPICS slugs
        "source": "Associated Press" | None,   # agency copy; None => staff copy with authors
        "authors": ["hana-kowalczyk"],         # AUTHORS slugs; [] for agency copy
        "hours_ago": 6,                        # publish time = now - hours; negative = scheduled
        "status": "published" | "draft" | "review",
        "lead_image": IMAGE,                   # every story has one
        "body": [str | {"image": IMAGE}, ...], # paragraphs (plain text) and inline images
        "pinned_related": ["other-key"],       # optional: editor-pinned related stories
    }

    IMAGE = {"alt": str, "caption": str, "credit": str, "palette": str, "label": str}

``palette`` is one of ``pictures.PALETTES`` (fire, sea, city, field, night, snow, stadium, market,
parliament, desert); ``label`` is the small corner text the picture generator draws. Drafts and
stories in review also carry ``hours_ago`` (use it as their created/updated time).
"""

SECTIONS = [
    {"name": "World", "slug": "world"},
    {"name": "UK", "slug": "uk"},
    {"name": "Politics", "slug": "politics"},
    {"name": "Business", "slug": "business"},
    {"name": "Sport", "slug": "sport"},
]


def _r(name, slug, *children):
    return {"name": name, "slug": slug, "children": list(children)}


REGIONS = [
    _r(
        "World",
        "world",
        _r(
            "Middle East",
            "middle-east",
            _r("Syria", "syria", _r("Idlib", "idlib"), _r("Aleppo", "aleppo"), _r("Damascus", "damascus")),
            _r("Lebanon", "lebanon"),
            _r("Israel", "israel"),
            _r("Iran", "iran"),
            _r("Iraq", "iraq"),
        ),
        _r(
            "Europe",
            "europe",
            _r(
                "United Kingdom",
                "united-kingdom",
                _r("England", "england", _r("London", "london"), _r("Manchester", "manchester")),
                _r("Scotland", "scotland", _r("Glasgow", "glasgow"), _r("Edinburgh", "edinburgh")),
                _r("Wales", "wales", _r("Cardiff", "cardiff")),
                _r("Northern Ireland", "northern-ireland", _r("Belfast", "belfast")),
            ),
            _r("France", "france", _r("Paris", "paris")),
            _r("Germany", "germany", _r("Berlin", "berlin")),
            _r("Ukraine", "ukraine", _r("Kyiv", "kyiv")),
        ),
        _r(
            "Americas",
            "americas",
            _r("United States", "united-states", _r("Washington", "washington"), _r("California", "california")),
            _r("Brazil", "brazil"),
        ),
        _r("Asia", "asia", _r("China", "china"), _r("Japan", "japan"), _r("India", "india")),
        _r("Africa", "africa", _r("Nigeria", "nigeria"), _r("Kenya", "kenya")),
    )
]

TOPICS = [
    {"name": "Conflict", "slug": "conflict"},
    {"name": "Diplomacy", "slug": "diplomacy"},
    {"name": "Humanitarian aid", "slug": "aid"},
    {"name": "Elections", "slug": "elections"},
    {"name": "Immigration", "slug": "immigration"},
    {"name": "Economy", "slug": "economy"},
    {"name": "Markets", "slug": "markets"},
    {"name": "Banking", "slug": "banking"},
    {"name": "Jobs", "slug": "jobs"},
    {"name": "Energy", "slug": "energy"},
    {"name": "Climate", "slug": "climate"},
    {"name": "Weather", "slug": "weather"},
    {"name": "Health", "slug": "health"},
    {"name": "Education", "slug": "education"},
    {"name": "Housing", "slug": "housing"},
    {"name": "Crime", "slug": "crime"},
    {"name": "Courts", "slug": "courts"},
    {"name": "Transport", "slug": "transport"},
    {"name": "Technology", "slug": "technology"},
    {"name": "Science", "slug": "science"},
    {"name": "Culture", "slug": "culture"},
    {"name": "Royal family", "slug": "royal-family"},
    {"name": "Football", "slug": "football"},
    {"name": "Cricket", "slug": "cricket"},
    {"name": "Tennis", "slug": "tennis"},
    {"name": "Rugby", "slug": "rugby"},
    {"name": "Athletics", "slug": "athletics"},
]

AUTHORS = [
    {
        "name": "Hana Kowalczyk",
        "slug": "hana-kowalczyk",
        "bio": "Middle East correspondent. Previously reported from Beirut and Amman.",
    },
    {
        "name": "Tom Adeyemi",
        "slug": "tom-adeyemi",
        "bio": "Political correspondent covering Westminster, elections and the devolved parliaments.",
    },
    {
        "name": "Priya Raman",
        "slug": "priya-raman",
        "bio": "Business editor. Writes about markets, energy and the cost of living.",
    },
    {
        "name": "Callum McBride",
        "slug": "callum-mcbride",
        "bio": "Scotland reporter based in Glasgow, covering councils, schools and transport.",
    },
    {
        "name": "Sofia Lindqvist",
        "slug": "sofia-lindqvist",
        "bio": "Science and environment reporter with a particular interest in weather and climate.",
    },
    {
        "name": "Daniel Okoro",
        "slug": "daniel-okoro",
        "bio": "Sports writer. Football, cricket and the business of sport.",
    },
]

SOURCES = [
    {"name": "Press Association", "short": "PA"},
    {"name": "Associated Press", "short": "AP"},
    {"name": "Reuters", "short": "Reuters"},
    {"name": "Newsroom staff", "short": "Newsroom"},
]

USERS = [
    {
        "username": "editor",
        "password": "editor",
        "role": "Editor",
        "first_name": "Eleanor",
        "last_name": "Marsh",
        "email": "editor@newsroom.example",
    },
    {
        "username": "writer",
        "password": "writer",
        "role": "Writer",
        "first_name": "Will",
        "last_name": "Archer",
        "email": "writer@newsroom.example",
    },
]


def _img(alt, caption, credit, palette, label):
    return {"alt": alt, "caption": caption, "credit": credit, "palette": palette, "label": label}


def _inline(alt, caption, credit, palette, label):
    return {"image": _img(alt, caption, credit, palette, label)}


# --------------------------------------------------------------------------------------------
# World
# --------------------------------------------------------------------------------------------

_WORLD = [
    {
        "key": "syria-idlib-airstrikes",
        "headline": "Air strikes hit Idlib as Syrian government launches counter-offensive",
        "standfirst": "Government forces are trying to retake ground lost in a rapid rebel advance across the north-west.",
        "section": "world",
        "regions": ["idlib", "syria"],
        "topics": ["conflict", "diplomacy"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 6,
        "status": "published",
        "lead_image": _img(
            "Smoke rising over rooftops in a city at dusk",
            "Smoke rises over the old town after overnight strikes.",
            "PA",
            "fire",
            "Idlib",
        ),
        "body": [
            "Syrian government jets struck rebel positions across Idlib province on Monday as the army "
            "began a counter-offensive to recover towns lost during a week-long insurgent advance, "
            "officials and residents said.",
            "A military spokesperson said the strikes had targeted command centres, weapons depots and "
            "supply routes, and that ground forces were moving to encircle rebel units in the countryside "
            "south of the city.",
            "Residents reached by telephone described a night of heavy bombardment. One shopkeeper said "
            "families had spent hours in basements and that several buildings on the main market street "
            "had been destroyed.",
            _inline(
                "Fighters standing beside a pick-up truck on a dusty road",
                "Rebel fighters on the road south of the city. The groups are backed by regional powers.",
                "AP Photo/Omar Haddad",
                "desert",
                "South of Idlib",
            ),
            "The offensive follows the rebels' capture of a string of towns along the main highway "
            "linking the north-west to the capital, the most significant shift in the front lines for "
            "several years.",
            "A monitoring group that tracks the conflict said at least 60 people had been killed in the "
            "past 24 hours, including civilians, although the figure could not be independently verified.",
            "Diplomats said the escalation risked drawing in outside powers with forces on the ground, and "
            "several governments urged all sides to protect civilians and allow aid convoys through.",
            _inline(
                "A damaged apartment block with its front wall missing",
                "A residential building damaged in the strikes.",
                "AP",
                "city",
                "Idlib city",
            ),
            "The foreign ministry in Damascus said the government would \"restore security to every inch\" "
            "of the province and accused foreign backers of arming the insurgents.",
            "Aid agencies have warned that hundreds of thousands of people already displaced by earlier "
            "fighting are now on the move again as winter approaches.",
        ],
        "pinned_related": ["syria-aleppo-advance", "iraq-border-reinforced", "syria-aid-displacement"],
    },
    {
        "key": "syria-aleppo-advance",
        "headline": "Rebels push into outskirts of Aleppo in surprise offensive",
        "standfirst": "The insurgents' advance is their biggest in years and has caught government forces off guard.",
        "section": "world",
        "regions": ["aleppo", "syria"],
        "topics": ["conflict"],
        "source": "Associated Press",
        "authors": [],
        "hours_ago": 30,
        "status": "published",
        "lead_image": _img(
            "Armed men walking past a burnt-out car on a city street",
            "Fighters on the western edge of the city.",
            "AP Photo/Leila Mansour",
            "fire",
            "Aleppo",
        ),
        "body": [
            "Rebel fighters pushed into the western outskirts of Aleppo on Sunday after a two-pronged "
            "offensive that swept through villages and military posts in less than three days.",
            "Videos shared by the groups showed fighters on the ring road around the city, and residents "
            "said government checkpoints in several districts had been abandoned overnight.",
            "The army said it had carried out a \"tactical redeployment\" to protect civilians and was "
            "preparing a response with the support of allied forces.",
            "The offensive began with attacks on positions in the countryside west of the city before "
            "fighters moved along two roads towards its edge, a commander told reporters.",
            "Shops and schools in the city were closed on Sunday and long queues formed outside bakeries "
            "and petrol stations as people stocked up on essentials.",
            "Analysts said the speed of the advance suggested government forces had been stretched thin, "
            "with allied units diverted to other fronts in the region.",
            "The United Nations said it was \"deeply alarmed\" and called for an immediate halt to "
            "hostilities around populated areas.",
        ],
    },
    {
        "key": "iraq-border-reinforced",
        "headline": "Iraq sends extra troops to Syrian border as fighting spreads",
        "standfirst": "Baghdad says it will not allow the conflict to spill across its long desert frontier.",
        "section": "world",
        "regions": ["iraq", "syria"],
        "topics": ["conflict", "diplomacy"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": 20,
        "status": "published",
        "lead_image": _img(
            "Military vehicles driving in a line across flat desert",
            "An army convoy heads west towards the border crossing.",
            "Reuters",
            "desert",
            "Western Iraq",
        ),
        "body": [
            "Iraq has deployed additional troops and armoured vehicles along its border with Syria, the "
            "interior ministry said, as fighting in the neighbouring country's north-west intensified.",
            "A ministry spokesperson said the reinforcements would protect the frontier and the main "
            "crossing point, and that security forces were on their highest state of alert.",
            "Iraqi officials are concerned that the chaos in Syria could allow armed groups to regroup in "
            "the desert regions that straddle the border.",
            "Armed factions allied to the Syrian government said they were ready to send fighters to "
            "support Damascus, although the government in Baghdad said no official forces would cross.",
            "The border area saw some of the fiercest fighting of the last decade, and many towns on both "
            "sides are still being rebuilt.",
            "Iraq's foreign minister spoke by phone with counterparts across the region on Sunday and "
            "called for a diplomatic solution.",
        ],
        "pinned_related": ["syria-idlib-airstrikes"],
    },
    {
        "key": "syria-aid-displacement",
        "headline": "Aid agencies warn of new displacement crisis in north-west Syria",
        "standfirst": "Tens of thousands of families have fled the fighting, many for the second or third time.",
        "section": "world",
        "regions": ["idlib", "syria"],
        "topics": ["aid", "conflict"],
        "source": None,
        "authors": ["hana-kowalczyk"],
        "hours_ago": 48,
        "status": "published",
        "lead_image": _img(
            "Rows of white tents in a muddy field under a grey sky",
            "A camp for displaced families near the Turkish border.",
            "Newsroom",
            "field",
            "Camp, north-west Syria",
        ),
        "body": [
            "Aid agencies working in north-west Syria say they are struggling to cope with a new wave of "
            "displacement as families flee the latest fighting towards camps near the Turkish border.",
            "An estimated 48,000 people have left their homes in the past week, according to figures "
            "shared by humanitarian groups, and many are sleeping in cars or open fields.",
            "\"Most of the people arriving have been displaced before,\" said Rana Azzam, who co-ordinates "
            "a medical charity's clinics in the area. \"They come with nothing. They left with nothing the "
            "last time either.\"",
            _inline(
                "A woman carrying a child past a row of tents",
                "New arrivals at a camp on Tuesday.",
                "AP Photo/Karim Saleh",
                "field",
                "Camp",
            ),
            "Camps that were already overcrowded have been forced to put families in communal tents, and "
            "aid workers say supplies of fuel and blankets are running low with temperatures dropping "
            "below freezing at night.",
            "Two field hospitals have suspended operations after being damaged, and staff have moved "
            "patients to facilities further north.",
            "The agencies are calling for guaranteed safe routes for convoys and for funding pledges made "
            "earlier in the year to be paid in full.",
            "Donor countries have promised to review their contributions, but aid groups say the money "
            "needs to arrive within weeks rather than months.",
        ],
    },
    {
        "key": "un-security-council-syria",
        "headline": "UN Security Council to hold emergency session on Syria",
        "standfirst": "Diplomats say the meeting will focus on protecting civilians and keeping aid routes open.",
        "section": "world",
        "regions": ["syria", "middle-east"],
        "topics": ["diplomacy", "conflict"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": 3,
        "status": "published",
        "lead_image": _img(
            "A large meeting chamber with delegates seated around a horseshoe table",
            "The council chamber in New York.",
            "Reuters",
            "parliament",
            "UN chamber",
        ),
        "body": [
            "The United Nations Security Council will hold an emergency session on Syria on Tuesday after "
            "several member states requested a meeting on the escalating fighting in the north-west.",
            "Diplomats said the discussion would focus on the protection of civilians and on keeping open "
            "the border crossings used to deliver aid to the region.",
            "The UN's humanitarian office is expected to brief members on the scale of the displacement, "
            "which it has described as the largest in the area for several years.",
            "A draft statement circulated among members calls for an immediate de-escalation but does not "
            "apportion blame, reflecting divisions among the council's permanent members.",
            "Several governments with influence over the parties to the conflict have held talks in recent "
            "days, and a regional summit has been proposed for later in the month.",
        ],
        "pinned_related": ["syria-idlib-airstrikes", "syria-aid-displacement"],
    },
    {
        "key": "iran-pledges-support-damascus",
        "headline": "Iran pledges support to Damascus as regional tensions rise",
        "standfirst": "Tehran's foreign ministry says it will help the Syrian government push back the insurgency.",
        "section": "world",
        "regions": ["iran", "syria"],
        "topics": ["diplomacy", "conflict"],
        "source": "Associated Press",
        "authors": [],
        "hours_ago": 40,
        "status": "published",
        "lead_image": _img(
            "A city skyline with mountains behind it in evening light",
            "Tehran, where officials met on Sunday.",
            "AP",
            "city",
            "Tehran",
        ),
        "body": [
            "Iran's foreign ministry said on Sunday that Tehran was ready to provide whatever support the "
            "Syrian government needed to push back the rebel offensive in the north-west of the country.",
            "A ministry statement said a senior delegation had travelled to Damascus for talks and would "
            "continue on to other capitals in the region.",
            "Iran has been one of the Syrian government's main backers throughout the conflict and has "
            "deployed military advisers to the country.",
            "The statement accused unnamed foreign powers of supporting the insurgents and warned that the "
            "fighting threatened the stability of the whole region.",
            "Western governments have urged all parties to avoid actions that could widen the conflict.",
        ],
    },
    {
        "key": "lebanon-ceasefire-talks",
        "headline": "Lebanon ceasefire talks resume with monitoring mechanism on the table",
        "standfirst": "Negotiators are discussing how violations along the southern border would be reported and resolved.",
        "section": "world",
        "regions": ["lebanon", "israel"],
        "topics": ["diplomacy", "conflict"],
        "source": "Associated Press",
        "authors": [],
        "hours_ago": 72,
        "status": "published",
        "lead_image": _img(
            "A coastal city seen from the sea on a hazy day",
            "Beirut's seafront.",
            "AP Photo/Nadia Farah",
            "sea",
            "Beirut",
        ),
        "body": [
            "Indirect talks on strengthening the ceasefire along the Lebanon-Israel border resumed on "
            "Thursday, with mediators proposing a committee to monitor and report violations.",
            "Officials familiar with the talks said the proposal would include military representatives "
            "from both sides meeting under international chairmanship.",
            "The ceasefire has largely held for several weeks, although both sides have accused the other "
            "of breaches, and residents of border villages remain reluctant to return home.",
            "A Lebanese government spokesperson said the talks were \"constructive\" but that any agreement "
            "must include the withdrawal of forces from disputed positions.",
            "Mediators hope to present a written text before the end of the month.",
        ],
    },
    {
        "key": "kyiv-power-cuts",
        "headline": "Kyiv residents face scheduled power cuts after strikes on energy grid",
        "standfirst": "The city's grid operator says blackouts of up to eight hours a day will continue this week.",
        "section": "world",
        "regions": ["kyiv", "ukraine"],
        "topics": ["energy", "conflict"],
        "source": "Associated Press",
        "authors": [],
        "hours_ago": 90,
        "status": "published",
        "lead_image": _img(
            "Apartment blocks at night with most windows dark",
            "A residential district during a scheduled blackout.",
            "AP Photo/Oksana Marchenko",
            "night",
            "Kyiv",
        ),
        "body": [
            "Residents of Kyiv faced rolling power cuts on Wednesday after overnight strikes damaged "
            "substations serving the capital, the city's grid operator said.",
            "The operator published schedules showing that most districts would be without electricity for "
            "up to eight hours a day while repairs were carried out.",
            _inline(
                "People in winter coats queuing at a café lit by a single lamp",
                "Cafés running on generators have become warm spaces during the outages.",
                "AP",
                "night",
                "Café, Kyiv",
            ),
            "Engineers worked through the night to reconnect hospitals and water pumping stations, which "
            "officials said had been prioritised.",
            "Many businesses now run on generators, and cafés with power have become informal warm spaces "
            "for residents working from home.",
            "The energy ministry said it was importing additional electricity from neighbouring countries "
            "to stabilise the grid.",
        ],
    },
    {
        "key": "paris-transport-strike",
        "headline": "Paris commuters face third day of transport strike over pay",
        "standfirst": "Most metro lines are running a reduced service and unions have called for further action next week.",
        "section": "world",
        "regions": ["paris", "france"],
        "topics": ["transport", "jobs"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": 150,
        "status": "published",
        "lead_image": _img(
            "A crowded metro platform with a train arriving",
            "Commuters wait for one of the few trains running on Wednesday.",
            "Reuters",
            "city",
            "Paris metro",
        ),
        "body": [
            "Commuters in Paris faced a third day of disruption on Wednesday as transport workers continued "
            "a strike over pay and working conditions.",
            "Only two metro lines were running a full service, and suburban rail services were reduced by "
            "about half, the operator said.",
            "Unions are demanding a pay rise to match inflation and say staff shortages have led to "
            "excessive overtime.",
            "The transport authority said it had made an improved offer and urged unions to return to "
            "talks.",
            "Many workers chose to stay at home, while bike-hire docks across the city were empty by "
            "mid-morning.",
            "Union leaders said they would decide on Friday whether to extend the action into next week.",
        ],
    },
    {
        "key": "berlin-budget-deal",
        "headline": "Berlin coalition agrees budget after weeks of wrangling",
        "standfirst": "The deal includes extra spending on rail and schools but postpones a promised tax cut.",
        "section": "world",
        "regions": ["berlin", "germany"],
        "topics": ["economy"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": 200,
        "status": "published",
        "lead_image": _img(
            "A government building with a glass dome under blue sky",
            "The parliament building in Berlin.",
            "Reuters",
            "parliament",
            "Berlin",
        ),
        "body": [
            "Germany's governing coalition has agreed next year's budget after weeks of negotiations that "
            "at times threatened to bring down the government.",
            "The deal includes additional investment in the rail network and school buildings, funded "
            "partly by cuts to subsidies and partly by higher borrowing within constitutional limits.",
            "A promised cut in income tax has been postponed for a year, a concession that one coalition "
            "partner had resisted until the final session.",
            "The finance ministry said the plan would keep the deficit within European rules.",
            "The budget must now be approved by parliament, where the coalition has a narrow majority.",
        ],
    },
    {
        "key": "california-wildfire-evacuations",
        "headline": "Wildfire forces thousands to evacuate in southern California",
        "standfirst": "Strong, dry winds pushed the fire across a ridge and towards residential areas overnight.",
        "section": "world",
        "regions": ["california", "united-states"],
        "topics": ["climate", "weather"],
        "source": "Associated Press",
        "authors": [],
        "hours_ago": 12,
        "status": "published",
        "lead_image": _img(
            "Flames on a hillside behind a row of houses at night",
            "The fire crossed the ridge shortly after midnight.",
            "AP Photo/Marcus Delgado",
            "fire",
            "Southern California",
        ),
        "body": [
            "Thousands of people were ordered to leave their homes in southern California on Tuesday as a "
            "fast-moving wildfire driven by strong winds spread towards residential areas.",
            "Fire officials said the blaze had burned more than 4,000 acres in less than a day and was "
            "less than 10% contained.",
            _inline(
                "A firefighting aircraft dropping red retardant over a hillside",
                "Aircraft were grounded for several hours because of the wind.",
                "AP",
                "fire",
                "Air drop",
            ),
            "Gusts of up to 60mph grounded firefighting aircraft for several hours overnight, allowing the "
            "fire to jump a ridge and a main road.",
            "Evacuation centres were opened in schools and community halls, and animal shelters offered "
            "space for pets and horses.",
            "The county's fire chief said crews had saved hundreds of homes but that several buildings had "
            "been destroyed. No injuries had been reported.",
            "Forecasters said the winds were expected to ease by Wednesday evening.",
            "Scientists say longer, hotter dry seasons are making large fires more common in the region.",
        ],
    },
    {
        "key": "washington-shutdown-deadline",
        "headline": "Washington lawmakers race to avert government shutdown",
        "standfirst": "A short-term funding bill faces a vote days before the deadline.",
        "section": "world",
        "regions": ["washington", "united-states"],
        "topics": ["economy"],
        "source": "Associated Press",
        "authors": [],
        "hours_ago": 260,
        "status": "published",
        "lead_image": _img(
            "A domed government building lit at night",
            "Congress is due to vote on Thursday.",
            "AP",
            "parliament",
            "Washington",
        ),
        "body": [
            "Lawmakers in Washington were racing on Tuesday to pass a short-term spending bill that would "
            "keep the federal government open beyond the end of the week.",
            "The measure would extend current funding levels for six weeks, giving negotiators more time to "
            "agree a full-year budget.",
            "Leaders of both parties said they expected the bill to pass, but a group of members has "
            "threatened to vote against it over spending levels.",
            "A shutdown would mean hundreds of thousands of federal employees being sent home without pay, "
            "and national parks and some public services closing.",
            "The last funding lapse lasted several weeks and disrupted air travel and food inspections.",
        ],
    },
    {
        "key": "japan-earthquake-north",
        "headline": "Strong earthquake shakes northern Japan but no tsunami warning issued",
        "standfirst": "Rail services were briefly halted and some homes lost power, but no serious damage was reported.",
        "section": "world",
        "regions": ["japan"],
        "topics": ["science"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": 330,
        "status": "published",
        "lead_image": _img(
            "A coastal town with fishing boats in the harbour",
            "The harbour in one of the towns closest to the epicentre.",
            "Reuters",
            "sea",
            "Northern Japan",
        ),
        "body": [
            "A strong earthquake struck off the coast of northern Japan early on Saturday, shaking "
            "buildings across the region, but no tsunami warning was issued.",
            "The country's meteorological agency said the quake had a magnitude of 6.4 and was centred "
            "about 50km below the seabed.",
            "High-speed rail services were halted for about two hours while tracks were inspected, and "
            "around 3,000 homes briefly lost power.",
            "Local officials said there were no reports of serious injuries or major damage.",
            "Nuclear power plants in the area reported no abnormalities.",
        ],
    },
    {
        "key": "india-monsoon-floods",
        "headline": "Late monsoon floods displace thousands in India's north-east",
        "standfirst": "Rivers burst their banks after a week of heavy rain, cutting off roads and villages.",
        "section": "world",
        "regions": ["india"],
        "topics": ["weather", "climate", "aid"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": 500,
        "status": "published",
        "lead_image": _img(
            "People wading through brown floodwater beside submerged houses",
            "Villagers move belongings to higher ground.",
            "Reuters",
            "sea",
            "North-east India",
        ),
        "body": [
            "Floods caused by a week of unusually late monsoon rain have displaced more than 30,000 people "
            "in north-east India, state officials said.",
            "Several rivers burst their banks, submerging farmland and cutting off roads to dozens of "
            "villages.",
            _inline(
                "Rescue workers in an inflatable boat on a flooded street",
                "Rescue teams used boats to reach families trapped by the water.",
                "Reuters",
                "sea",
                "Rescue",
            ),
            "Disaster response teams used boats to reach people stranded on rooftops, and relief camps were "
            "opened in schools on higher ground.",
            "The state government said it would compensate farmers whose crops had been destroyed.",
            "Forecasters expect the rain to ease over the weekend.",
        ],
    },
    {
        "key": "kenya-drought-appeal",
        "headline": "Kenya drought: charities launch appeal as pastures dry up",
        "standfirst": "Herders in the north say they have lost a third of their livestock after three failed rainy seasons.",
        "section": "world",
        "regions": ["kenya"],
        "topics": ["climate", "aid"],
        "source": None,
        "authors": ["sofia-lindqvist"],
        "hours_ago": 620,
        "status": "published",
        "lead_image": _img(
            "Cattle walking across dry, cracked ground under a bright sky",
            "Herders are travelling further each day to find water.",
            "Newsroom",
            "desert",
            "Northern Kenya",
        ),
        "body": [
            "A group of charities has launched a joint appeal for northern Kenya, where three failed rainy "
            "seasons have left pastures bare and water points dry.",
            "Herders say they are walking their animals for days to reach the few boreholes still working, "
            "and many have lost a third or more of their cattle and goats.",
            "\"Our animals are our bank,\" said one herder, Abdi Lokuru. \"When they die, there is nothing "
            "left to sell for school fees or food.\"",
            "Aid workers say malnutrition rates among children under five have risen sharply in the worst "
            "affected counties.",
            "The appeal aims to fund water trucking, animal feed and cash transfers to families.",
            "Climate scientists say droughts in the region are becoming more frequent and more severe.",
        ],
    },
    {
        "key": "nigeria-fuel-queues",
        "headline": "Fuel queues return to Nigerian cities after supply disruption",
        "standfirst": "Drivers waited for hours at petrol stations as a distribution dispute hit deliveries.",
        "section": "world",
        "regions": ["nigeria"],
        "topics": ["energy", "economy"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": 700,
        "status": "published",
        "lead_image": _img(
            "A long line of cars and motorbikes outside a petrol station",
            "Queues stretched for several hundred metres in some areas.",
            "Reuters",
            "city",
            "Lagos",
        ),
        "body": [
            "Long queues formed at petrol stations in several Nigerian cities this week after a dispute "
            "between distributors and depot owners disrupted deliveries.",
            "Drivers in Lagos said they had waited up to five hours to fill their tanks, and prices at "
            "some independent stations rose sharply.",
            "The national oil company said there was enough fuel in storage and blamed the shortages on "
            "logistics problems that would be resolved within days.",
            "Transport unions warned that fares would rise if the shortages continued.",
            "Fuel prices have been a sensitive issue since subsidies were reduced, pushing up the cost of "
            "transport and food.",
        ],
    },
    # DRAFT with a missing-alt-text image: the demo uses it to show publishing being refused.
    {
        "key": "syria-analysis-what-next",
        "headline": "Analysis: What the rebel advance means for the region",
        "standfirst": "The sudden shift in Syria's front lines could redraw alliances across the Middle East.",
        "section": "world",
        "regions": ["syria", "middle-east"],
        "topics": ["conflict", "diplomacy"],
        "source": None,
        "authors": ["hana-kowalczyk"],
        "hours_ago": 2,
        "status": "draft",
        "lead_image": _img(
            "A map of northern Syria pinned to a wall",
            "The front lines have moved further in a week than in the previous four years.",
            "Newsroom",
            "desert",
            "Northern Syria",
        ),
        "body": [
            "For four years the front lines in north-west Syria barely moved. In a week, they have been "
            "redrawn.",
            "The speed of the rebel advance has surprised governments across the region, and raised the "
            "question of whether the Syrian government's allies are willing or able to reverse it.",
            # Deliberately missing alt text (alt=""): publishing this draft must be refused.
            _inline("", "Fighters on the outskirts of Aleppo last week.", "AP", "fire", "Aleppo outskirts"),
            "Neighbouring states have their own interests to protect. Some have troops inside Syria; others "
            "fear a new wave of refugees or the return of armed groups to their borders.",
            "[TO COME: quotes from regional analysts, and a paragraph on what this means for aid access]",
            "What happens next may depend less on the fighters on the ground than on conversations taking "
            "place in capitals far from the front.",
        ],
        "pinned_related": ["syria-aleppo-advance", "syria-idlib-airstrikes"],
    },
]

# --------------------------------------------------------------------------------------------
# UK
# --------------------------------------------------------------------------------------------

_UK = [
    {
        "key": "storm-marlowe-amber-warning",
        "headline": "Storm Marlowe: amber warning for wind as gusts of 80mph forecast",
        "standfirst": "Forecasters say travel disruption and power cuts are likely across western parts of the UK.",
        "section": "uk",
        "regions": ["united-kingdom", "wales", "england", "scotland"],
        "topics": ["weather", "transport"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 1,
        "status": "published",
        "lead_image": _img(
            "Large waves crashing over a harbour wall under dark clouds",
            "Waves hit the sea wall as the storm approached on Thursday afternoon.",
            "PA",
            "sea",
            "West coast",
        ),
        "body": [
            "An amber weather warning for wind has been issued for large parts of western Britain as Storm "
            "Marlowe approaches, with gusts of up to 80mph expected on exposed coasts.",
            "The warning covers Wales, south-west England and western Scotland from 6pm on Thursday until "
            "midday on Friday.",
            "Forecasters said there was a good chance of power cuts, damage to buildings and flying debris, "
            "and that large waves could make coastal roads and sea fronts dangerous.",
            _inline(
                "A lorry driving across a suspension bridge in heavy rain",
                "Some bridges are expected to close to high-sided vehicles.",
                "PA",
                "city",
                "Bridge",
            ),
            "Rail operators have warned passengers to check before travelling, and several ferry crossings "
            "have already been cancelled.",
            "A yellow warning for rain is also in place for parts of northern England, where the ground is "
            "already saturated after a wet autumn.",
            "Energy networks said they had extra engineers on standby and urged people to report damaged "
            "power lines rather than approach them.",
            "The storm is expected to clear to the north-east by Friday afternoon, with colder, showery "
            "weather following behind.",
        ],
        "pinned_related": ["river-floods-evacuations", "highlands-snow-roads", "cardiff-rail-disruption"],
    },
    {
        "key": "river-floods-evacuations",
        "headline": "Homes evacuated as river bursts its banks after heavy rain",
        "standfirst": "Emergency services helped dozens of residents leave their homes overnight.",
        "section": "uk",
        "regions": ["england"],
        "topics": ["weather"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 26,
        "status": "published",
        "lead_image": _img(
            "A flooded street with water up to the doors of terraced houses",
            "Residents were helped from their homes by firefighters in boats.",
            "PA",
            "sea",
            "Flooded street",
        ),
        "body": [
            "Dozens of homes were evacuated overnight after a river burst its banks following more than a "
            "month's rain in 48 hours.",
            "Firefighters used boats to help residents, including several elderly people, from properties "
            "in the lower part of the town.",
            "A rest centre was opened at the local leisure centre, where volunteers provided hot drinks and "
            "bedding.",
            "The Environment Agency said more than 40 flood warnings were in force across England, and that "
            "river levels would remain high for several days.",
            "The district council leader, Margaret Ellery, said the response had been \"remarkable\" and "
            "that the council would help residents with clean-up costs.",
            "Some residents said it was the third time in five years that their homes had flooded.",
        ],
        "pinned_related": ["storm-marlowe-amber-warning"],
    },
    {
        "key": "highlands-snow-roads",
        "headline": "Snow closes roads across Scottish Highlands",
        "standfirst": "Gritters worked through the night but several routes remain shut to traffic.",
        "section": "uk",
        "regions": ["scotland"],
        "topics": ["weather", "transport"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 50,
        "status": "published",
        "lead_image": _img(
            "A snowplough clearing a road through white hills",
            "A snowplough at work on Monday morning.",
            "PA",
            "snow",
            "Highlands",
        ),
        "body": [
            "Heavy snow has closed several roads across the Scottish Highlands, with up to 20cm falling on "
            "higher ground overnight.",
            "Traffic Scotland said gritters and snowploughs had been working through the night, but that "
            "drivers should expect difficult conditions on routes over high passes.",
            _inline(
                "Cars queued behind a gritter on a snowy mountain road",
                "Drivers were urged to travel only if necessary.",
                "PA",
                "snow",
                "Mountain pass",
            ),
            "Dozens of schools in rural areas were closed, and some bus services were withdrawn.",
            "Mountain rescue teams warned walkers to avoid the hills until conditions improved.",
            "Milder air is expected to bring rain and a thaw by the end of the week, raising the risk of "
            "localised flooding.",
        ],
    },
    {
        "key": "cardiff-rail-disruption",
        "headline": "Rail services into Cardiff disrupted after trees fall on line",
        "standfirst": "Engineers are working to clear the track and repair overhead equipment.",
        "section": "uk",
        "regions": ["cardiff", "wales"],
        "topics": ["transport", "weather"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 22,
        "status": "published",
        "lead_image": _img(
            "An empty station platform with a departures board showing delays",
            "Passengers were advised not to travel.",
            "PA",
            "city",
            "Cardiff",
        ),
        "body": [
            "Rail services into Cardiff were severely disrupted on Thursday after several trees fell on the "
            "line during strong winds.",
            "Network Rail said engineers were working to clear the track and repair damaged overhead "
            "equipment, and that disruption was expected until the end of the day.",
            "Replacement buses were running between some stations, but passengers were advised to travel "
            "only if necessary.",
            "Tickets for Thursday will be accepted on Friday, train operators said.",
            "Several roads in south Wales were also closed because of fallen trees.",
        ],
    },
    {
        "key": "weekend-weather-outlook",
        "headline": "Weekend weather: a cold, bright start before more rain arrives",
        "standfirst": "Frost is likely on Saturday morning, with wetter and windier weather spreading from the west on Sunday.",
        "section": "uk",
        "regions": ["united-kingdom"],
        "topics": ["weather"],
        "source": "Newsroom staff",
        "authors": [],
        "hours_ago": -18,  # scheduled
        "status": "published",
        "lead_image": _img(
            "Frost on a field at sunrise with bare trees",
            "A frosty start is expected for many areas.",
            "Newsroom",
            "field",
            "Frosty field",
        ),
        "body": [
            "After a stormy week, the weekend will begin on a calmer note, with clear skies and a widespread "
            "frost on Saturday morning.",
            "Temperatures could fall as low as -5C in rural parts of Scotland and northern England, and "
            "drivers should allow extra time for icy roads.",
            "Saturday will be largely dry and sunny, though chilly, with highs of 5C to 8C.",
            "Cloud and rain will spread from the west during Sunday, with strong winds again in exposed "
            "places and some snow on high ground in Scotland.",
            "Next week looks unsettled, with further spells of rain and wind.",
        ],
        "pinned_related": ["storm-marlowe-amber-warning"],
    },
    {
        "key": "london-rents-record",
        "headline": "London rents reach record high as supply of homes shrinks",
        "standfirst": "Average asking rents in the capital have risen by 9% in a year, according to a property portal.",
        "section": "uk",
        "regions": ["london", "england"],
        "topics": ["housing", "economy"],
        "source": None,
        "authors": ["priya-raman"],
        "hours_ago": 100,
        "status": "published",
        "lead_image": _img(
            "A row of terraced houses with letting agents' boards outside",
            "Competition for rented homes has intensified.",
            "Newsroom",
            "city",
            "London street",
        ),
        "body": [
            "Average asking rents in London have reached a record high, with tenants facing intense "
            "competition for a shrinking number of homes.",
            "A property portal said the average advertised rent in the capital had risen by 9% in a year, "
            "and that each available home was attracting more than 20 enquiries.",
            "Letting agents say many landlords have sold up, reducing supply, while demand has been pushed "
            "up by people unable to afford to buy.",
            _inline(
                "A young couple looking at a phone outside an estate agent's window",
                "Many renters say they are spending more than half their income on rent.",
                "Newsroom",
                "city",
                "High street",
            ),
            "\"We viewed 14 flats in a month,\" said Aisha Patel, a nurse who was looking to move with her "
            "partner. \"Every time, there were people offering more than the asking price.\"",
            "Tenant groups are calling for limits on rent rises within tenancies, while landlord "
            "organisations say more homes need to be built.",
            "Outside London, rents rose fastest in the north-west and Scotland.",
        ],
        "pinned_related": ["house-prices-edge-up"],
    },
    {
        "key": "manchester-tram-extension",
        "headline": "Manchester tram extension approved after public consultation",
        "standfirst": "The new line will link the city centre with two growing suburbs by 2030.",
        "section": "uk",
        "regions": ["manchester", "england"],
        "topics": ["transport"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 180,
        "status": "published",
        "lead_image": _img(
            "A yellow tram crossing a city square",
            "The network carries millions of passengers a year.",
            "PA",
            "city",
            "Manchester",
        ),
        "body": [
            "Plans to extend Manchester's tram network have been approved after a public consultation in "
            "which most respondents supported the scheme.",
            "The new line will run from the city centre to two suburbs where thousands of new homes are "
            "being built, with eight new stops.",
            "Construction is expected to begin next year, with the first trams running by 2030.",
            "Local businesses welcomed the decision, although some residents raised concerns about "
            "disruption during building work.",
            "The transport authority said it would publish a detailed timetable for the works in the "
            "spring.",
        ],
    },
    {
        "key": "hospital-waiting-lists-fall",
        "headline": "Hospital waiting list falls for third month in a row",
        "standfirst": "The number of patients waiting for planned treatment in England dropped by 60,000.",
        "section": "uk",
        "regions": ["england"],
        "topics": ["health"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 140,
        "status": "published",
        "lead_image": _img(
            "A hospital corridor with a nurse walking away from the camera",
            "Hospitals have added weekend clinics to reduce waiting times.",
            "PA",
            "city",
            "Hospital",
        ),
        "body": [
            "The waiting list for planned hospital treatment in England has fallen for the third month in "
            "a row, official figures show.",
            "The number of patients waiting dropped by about 60,000, although the total remains far higher "
            "than before the pandemic.",
            "Health service leaders said extra weekend clinics and the use of community diagnostic centres "
            "had helped.",
            "Emergency departments remained under pressure, with more patients waiting over four hours "
            "than the target allows.",
            "Patient groups welcomed the progress but said too many people were still waiting over a year "
            "for treatment.",
            "Winter is expected to bring further pressure on beds.",
        ],
    },
    {
        "key": "glasgow-school-mergers",
        "headline": "Glasgow council consults on merging primary schools",
        "standfirst": "Falling pupil numbers in some areas have left classrooms half-empty.",
        "section": "uk",
        "regions": ["glasgow", "scotland"],
        "topics": ["education"],
        "source": None,
        "authors": ["callum-mcbride"],
        "hours_ago": 300,
        "status": "published",
        "lead_image": _img(
            "A Victorian school building with a playground in front",
            "Several of the schools involved are more than a century old.",
            "Newsroom",
            "city",
            "Glasgow school",
        ),
        "body": [
            "Glasgow City Council has begun a consultation on merging several primary schools in areas "
            "where pupil numbers have fallen.",
            "The council says some schools are operating at less than half their capacity, and that "
            "maintaining old buildings is diverting money from teaching.",
            "Under the proposals, six schools would be combined into three, with pupils moving to "
            "refurbished buildings.",
            "Parents at one of the schools have started a petition against the plans, saying children "
            "would face longer walks along busy roads.",
            "\"This is the heart of our community,\" said parent council chair Fiona Doig. \"Once it is "
            "gone, it is gone.\"",
            "The council says no decision will be taken until the consultation closes in February.",
        ],
    },
    {
        "key": "edinburgh-royal-collection-gallery",
        "headline": "New gallery for royal collection to open in Edinburgh",
        "standfirst": "The gallery will display paintings and objects that have rarely been seen in public.",
        "section": "uk",
        "regions": ["edinburgh", "scotland"],
        "topics": ["culture", "royal-family"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 420,
        "status": "published",
        "lead_image": _img(
            "A stone building on a hill under a cloudy sky",
            "The gallery will occupy a restored building near the old town.",
            "PA",
            "parliament",
            "Edinburgh",
        ),
        "body": [
            "A new gallery displaying items from the royal collection is to open in Edinburgh next year, "
            "the trust that manages the collection has announced.",
            "The gallery, in a restored building near the city's old town, will show paintings, furniture "
            "and manuscripts that have rarely been on public display.",
            "The trust said the opening exhibition would focus on Scottish artists and craftspeople.",
            "Entry will be free for Edinburgh residents on the first Sunday of each month.",
            "Tourism bodies said the gallery would help attract visitors outside the summer festival "
            "season.",
        ],
    },
    {
        "key": "finance-director-fraud-jailed",
        "headline": "Former finance director jailed for £4m fraud against employer",
        "standfirst": "The court heard he used the money to buy property and cars over a period of six years.",
        "section": "uk",
        "regions": ["london", "england"],
        "topics": ["crime", "courts"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 60,
        "status": "published",
        "lead_image": _img(
            "The exterior of a court building with stone columns",
            "The case was heard at a crown court in London.",
            "PA",
            "parliament",
            "Crown court",
        ),
        "body": [
            "A former finance director who stole more than £4m from the logistics firm he worked for has "
            "been jailed for seven years.",
            "Graham Pellow, 54, created false supplier invoices and paid the money into accounts he "
            "controlled, a crown court heard.",
            "He used the money to buy two flats, several cars and a share in a racehorse, prosecutors said.",
            "The fraud was discovered when a new auditor noticed payments to a supplier that did not appear "
            "to exist.",
            "Sentencing him, the judge said he had \"abused a position of complete trust\" and caused "
            "lasting damage to the company and its staff.",
            "Proceedings to recover the money are under way.",
        ],
    },
    {
        "key": "edinburgh-fringe-venues-funding",
        "headline": "Fringe venues warn of funding gap as costs rise",
        "standfirst": "Small venues say they may not be able to host shows next summer without support.",
        "section": "uk",
        "regions": ["edinburgh", "scotland"],
        "topics": ["culture"],
        "source": None,
        "authors": ["callum-mcbride"],
        "hours_ago": 600,
        "status": "published",
        "lead_image": _img(
            "A narrow street crowded with people and posters",
            "The festival brings hundreds of thousands of visitors to the city.",
            "Newsroom",
            "city",
            "Old town",
        ),
        "body": [
            "Small venues at the Edinburgh festival fringe have warned that they may not be able to host "
            "shows next summer unless they receive extra support.",
            "A group representing 30 venues said the cost of renting, heating and staffing spaces had risen "
            "by more than a third in three years.",
            "Many performers already lose money at the festival because of the price of accommodation, "
            "they said.",
            "The venues are asking for a hardship fund and for help with temporary licensing costs.",
            "The festival society said it was working with the city council and funders on ways to "
            "support smaller venues.",
        ],
    },
    # IN REVIEW
    {
        "key": "knife-crime-figures",
        "headline": "Knife crime offences fall in most police force areas",
        "standfirst": "New figures show a drop of 6% across England and Wales, though some cities saw increases.",
        "section": "uk",
        "regions": ["england", "wales"],
        "topics": ["crime"],
        "source": None,
        "authors": ["tom-adeyemi"],
        "hours_ago": 4,
        "status": "review",
        "lead_image": _img(
            "A police officer walking along a high street at night",
            "Forces have increased patrols in town centres.",
            "Newsroom",
            "night",
            "High street",
        ),
        "body": [
            "Knife crime offences recorded by police in England and Wales fell by 6% in the year to June, "
            "according to official figures.",
            "Most force areas recorded a fall, although offences rose in several cities.",
            "Police chiefs said targeted patrols and youth outreach programmes had made a difference.",
            "Charities working with young people said the figures were encouraging but that cuts to youth "
            "services in recent years still needed to be reversed.",
            "The Home Office said it would publish a new strategy early next year.",
        ],
    },
    # DRAFT
    {
        "key": "winter-fuel-explainer",
        "headline": "Explainer: what help is available with heating bills this winter?",
        "standfirst": "A guide to the support schemes, discounts and grants for households struggling with energy costs.",
        "section": "uk",
        "regions": ["united-kingdom"],
        "topics": ["energy", "housing"],
        "source": None,
        "authors": ["priya-raman"],
        "hours_ago": 9,
        "status": "draft",
        "lead_image": _img(
            "A radiator with a thermostat dial turned low",
            "Many households are rationing their heating.",
            "Newsroom",
            "snow",
            "Radiator",
        ),
        "body": [
            "With temperatures falling, many households are worried about the cost of heating their homes. "
            "Here is a guide to the help that is available.",
            "Discounts on energy bills are available for some households on low incomes. Eligible "
            "customers should receive them automatically.",
            "Local councils run hardship funds that can help with bills and essential items.",
            "[CHECK: eligibility thresholds for this year]",
            "Energy suppliers must offer payment plans to customers in debt, and cannot force them onto "
            "prepayment meters without following strict rules.",
        ],
    },
]

