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

