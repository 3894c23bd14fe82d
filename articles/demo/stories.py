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
            _r(
                "United States",
                "united-states",
                _r("Washington", "washington"),
                _r("California", "california"),
            ),
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
            'The foreign ministry in Damascus said the government would "restore security to every inch" '
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
            _inline(
                "People queuing outside a bakery on a city street",
                "Residents queue for bread on Sunday.",
                "AP Photo/Leila Mansour",
                "city",
                "Aleppo bakery",
            ),
            'The army said it had carried out a "tactical redeployment" to protect civilians and was '
            "preparing a response with the support of allied forces.",
            "The offensive began with attacks on positions in the countryside west of the city before "
            "fighters moved along two roads towards its edge, a commander told reporters.",
            "Shops and schools in the city were closed on Sunday and long queues formed outside bakeries "
            "and petrol stations as people stocked up on essentials.",
            "Analysts said the speed of the advance suggested government forces had been stretched thin, "
            "with allied units diverted to other fronts in the region.",
            'The United Nations said it was "deeply alarmed" and called for an immediate halt to '
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
            _inline(
                "A soldier watching from a sand berm with binoculars",
                "A border post in western Anbar province.",
                "Reuters",
                "desert",
                "Border post",
            ),
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
            '"Most of the people arriving have been displaced before," said Rana Azzam, who co-ordinates '
            "a medical charity's clinics in the area. \"They come with nothing. They left with nothing the "
            'last time either."',
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
            _inline(
                "An empty village road lined with damaged houses",
                "Many residents of border villages have yet to return.",
                "AP Photo/Nadia Farah",
                "field",
                "Border village",
            ),
            "The ceasefire has largely held for several weeks, although both sides have accused the other "
            "of breaches, and residents of border villages remain reluctant to return home.",
            'A Lebanese government spokesperson said the talks were "constructive" but that any agreement '
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
            _inline(
                "A row of bike-hire docks, most of them empty",
                "Bike-hire docks were empty by mid-morning.",
                "Reuters",
                "city",
                "Bike docks",
            ),
            "Unions are demanding a pay rise to match inflation and say staff shortages have led to "
            "excessive overtime.",
            "The transport authority said it had made an improved offer and urged unions to return to talks.",
            "Many workers chose to stay at home, while bike-hire docks across the city were empty by mid-morning.",
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
            _inline(
                "Passengers waiting on a platform beside a stationary high-speed train",
                "Rail services were halted while tracks were inspected.",
                "Reuters",
                "city",
                "Station",
            ),
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
            "Several rivers burst their banks, submerging farmland and cutting off roads to dozens of villages.",
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
            _inline(
                "Women filling yellow water containers at a borehole",
                "A borehole that serves several villages.",
                "Newsroom",
                "desert",
                "Borehole",
            ),
            '"Our animals are our bank," said one herder, Abdi Lokuru. "When they die, there is nothing '
            'left to sell for school fees or food."',
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
            "For four years the front lines in north-west Syria barely moved. In a week, they have been redrawn.",
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
            _inline(
                "Firefighters guiding a small boat along a flooded road",
                "Firefighters help residents to safety overnight.",
                "PA",
                "sea",
                "Rescue",
            ),
            "A rest centre was opened at the local leisure centre, where volunteers provided hot drinks and bedding.",
            "The Environment Agency said more than 40 flood warnings were in force across England, and that "
            "river levels would remain high for several days.",
            'The district council leader, Margaret Ellery, said the response had been "remarkable" and '
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
            '"We viewed 14 flats in a month," said Aisha Patel, a nurse who was looking to move with her '
            'partner. "Every time, there were people offering more than the asking price."',
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
            "The transport authority said it would publish a detailed timetable for the works in the spring.",
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
            _inline(
                "A doctor reviewing a scan on a screen",
                "Community diagnostic centres have helped reduce delays.",
                "PA",
                "city",
                "Diagnostics",
            ),
            "Health service leaders said extra weekend clinics and the use of community diagnostic centres had helped.",
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
            _inline(
                "Children in school uniform walking through a school gate",
                "Parents say some pupils would face longer journeys.",
                "Newsroom",
                "city",
                "School gate",
            ),
            "Under the proposals, six schools would be combined into three, with pupils moving to "
            "refurbished buildings.",
            "Parents at one of the schools have started a petition against the plans, saying children "
            "would face longer walks along busy roads.",
            '"This is the heart of our community," said parent council chair Fiona Doig. "Once it is '
            'gone, it is gone."',
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
            "Tourism bodies said the gallery would help attract visitors outside the summer festival season.",
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
            "The fraud was discovered when a new auditor noticed payments to a supplier that did not appear to exist.",
            'Sentencing him, the judge said he had "abused a position of complete trust" and caused '
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
            "Many performers already lose money at the festival because of the price of accommodation, they said.",
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

# --------------------------------------------------------------------------------------------
# Politics
# --------------------------------------------------------------------------------------------

_POLITICS = [
    {
        "key": "carrick-vale-by-election-result",
        "headline": "Opposition takes Carrick Vale in by-election upset",
        "standfirst": "The seat changed hands on a swing of 14 points, the largest at a by-election this parliament.",
        "section": "politics",
        "regions": ["england"],
        "topics": ["elections"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 10,
        "status": "published",
        "lead_image": _img(
            "Election staff counting ballot papers at long tables in a sports hall",
            "Counting got under way shortly after polls closed at 10pm.",
            "PA",
            "city",
            "Count",
        ),
        "body": [
            "The opposition has won the Carrick Vale by-election, overturning a majority of more than "
            "9,000 in a result that will alarm the government.",
            "The new MP, Rebecca Thornhill, won by 3,412 votes on a swing of 14 points, the largest at a "
            "by-election since the last general election.",
            _inline(
                "A candidate speaking at a lectern surrounded by supporters",
                "The winning candidate gives her victory speech in the early hours.",
                "PA",
                "night",
                "Victory speech",
            ),
            'In her victory speech, she said voters had sent "a clear message" about the cost of living and '
            "the state of local services.",
            "Turnout was 41%, down from 64% at the general election.",
            "Government sources said by-elections were often difficult for governing parties and that the "
            "result reflected local issues, including the planned closure of a hospital ward.",
            "Smaller parties increased their share of the vote, with one coming within 500 votes of second place.",
            "The seat had been held by the governing party for more than 20 years.",
        ],
        "pinned_related": ["carrick-vale-final-day"],
    },
    {
        "key": "carrick-vale-final-day",
        "headline": "Carrick Vale by-election: candidates make final pitch to voters",
        "standfirst": "Polls suggest a close contest in a seat the government has held for two decades.",
        "section": "politics",
        "regions": ["england"],
        "topics": ["elections"],
        "source": None,
        "authors": ["tom-adeyemi"],
        "hours_ago": 34,
        "status": "published",
        "lead_image": _img(
            "Campaigners handing out leaflets in a market town square",
            "Campaigners in the town centre on Wednesday.",
            "Newsroom",
            "city",
            "Market square",
        ),
        "body": [
            "Candidates in the Carrick Vale by-election have spent the final day of the campaign knocking "
            "on doors and handing out leaflets in the constituency's market towns.",
            "The contest was triggered by the resignation of the sitting MP, who stepped down for health "
            "reasons after 20 years.",
            "Local issues have dominated, particularly plans to close a ward at the town's hospital and the "
            "frequency of bus services to outlying villages.",
            '"People here feel forgotten," said one voter, retired teacher Alan Brice. "Whoever wins '
            'needs to show up after polling day."',
            "Seven candidates are standing. Polls open at 7am and close at 10pm, with a result expected in "
            "the early hours of Friday.",
        ],
    },
    {
        "key": "immigration-bill-second-reading",
        "headline": "MPs back immigration bill at second reading despite backbench concerns",
        "standfirst": "The bill would change the rules for work visas and speed up asylum decisions.",
        "section": "politics",
        "regions": ["united-kingdom"],
        "topics": ["immigration"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 44,
        "status": "published",
        "lead_image": _img(
            "The Houses of Parliament seen across the river",
            "The bill now moves to committee stage.",
            "PA",
            "parliament",
            "Westminster",
        ),
        "body": [
            "MPs have voted to give the government's immigration bill a second reading, despite concerns "
            "raised by some of its own backbenchers.",
            "The bill would raise salary thresholds for some work visas, introduce new fees for employers "
            "and set a target for deciding asylum claims within six months.",
            _inline(
                "Passport control booths in an airport arrivals hall",
                "The bill would change the rules for several visa routes.",
                "PA",
                "city",
                "Arrivals",
            ),
            'Ministers said the measures would make the system "fairer and faster".',
            "Several MPs warned that the changes could worsen staff shortages in social care, where many "
            "workers are recruited from overseas.",
            "Business groups have asked for exemptions for sectors with severe shortages.",
            "The bill will now be examined line by line in committee, where amendments are expected.",
        ],
    },
    {
        "key": "council-housing-targets",
        "headline": "Councils told to meet new housing targets or lose planning powers",
        "standfirst": "Ministers say local authorities that fall short could see decisions taken out of their hands.",
        "section": "politics",
        "regions": ["england"],
        "topics": ["housing"],
        "source": None,
        "authors": ["tom-adeyemi"],
        "hours_ago": 230,
        "status": "published",
        "lead_image": _img(
            "A housing development under construction with cranes on the skyline",
            "Housebuilding has slowed in many areas.",
            "Newsroom",
            "field",
            "Building site",
        ),
        "body": [
            "Councils in England that fail to meet new housebuilding targets could lose control over "
            "planning decisions, the government has said.",
            "The targets, published on Monday, increase the number of homes that many councils must plan "
            "for, particularly in areas where housing is least affordable.",
            _inline(
                "Bricklayers at work on the walls of new houses",
                "Developers say planning delays hold up building.",
                "Newsroom",
                "field",
                "New homes",
            ),
            "Ministers said the changes were needed to tackle a shortage of homes that has pushed up prices and rents.",
            "Council leaders said they were willing to approve more homes but that developers were not "
            "building quickly enough on sites that already had permission.",
            "Some rural councils said the targets would mean building on green fields.",
            "The changes will take effect from April.",
        ],
    },
    {
        "key": "holyrood-budget-passes",
        "headline": "Holyrood budget passes after last-minute deal",
        "standfirst": "The Scottish government secured support for its spending plans after agreeing extra money for councils.",
        "section": "politics",
        "regions": ["edinburgh", "scotland"],
        "topics": ["economy", "education"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 280,
        "status": "published",
        "lead_image": _img(
            "A modern parliament building with a grass roof",
            "MSPs voted on Thursday evening.",
            "PA",
            "parliament",
            "Holyrood",
        ),
        "body": [
            "The Scottish budget has been passed by MSPs after the government agreed a last-minute deal "
            "with an opposition party.",
            "The agreement includes an additional £60m for local councils and a freeze on some public transport fares.",
            'The finance secretary said the budget protected public services while "living within our means".',
            "Opposition parties that voted against said it failed to tackle long waiting times in the health service.",
            "Councils said the extra money would help but would not cover rising costs in social care.",
        ],
    },
    {
        "key": "senedd-voting-reform",
        "headline": "Senedd approves changes to voting system for next election",
        "standfirst": "Voters in Wales will choose from closed party lists in larger constituencies.",
        "section": "politics",
        "regions": ["cardiff", "wales"],
        "topics": ["elections"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 520,
        "status": "published",
        "lead_image": _img(
            "A debating chamber with curved rows of desks",
            "The changes were approved by a two-thirds majority.",
            "PA",
            "parliament",
            "Senedd",
        ),
        "body": [
            "Members of the Senedd have approved changes to the way the Welsh parliament is elected.",
            "At the next election, voters will choose from party lists in 16 larger constituencies, each "
            "electing six members.",
            "Supporters said the system was more proportional and would make the parliament better able to "
            "scrutinise the government.",
            "Critics argued that closed lists gave parties too much control over who was elected.",
            "The size of the Senedd will also increase, from 60 to 96 members.",
        ],
    },
    {
        "key": "lords-committee-ai-report",
        "headline": "Lords committee calls for clearer rules on AI in public services",
        "standfirst": "Peers say people should be told when automated tools are used to make decisions about them.",
        "section": "politics",
        "regions": ["united-kingdom"],
        "topics": ["technology"],
        "source": None,
        "authors": ["sofia-lindqvist"],
        "hours_ago": 360,
        "status": "published",
        "lead_image": _img(
            "A committee room with wood panelling and green leather chairs",
            "The committee took evidence over six months.",
            "Newsroom",
            "parliament",
            "Committee room",
        ),
        "body": [
            "A House of Lords committee has called for clearer rules on the use of artificial intelligence "
            "in public services.",
            "In a report published on Tuesday, the committee said people should be told when automated "
            "tools were used in decisions about benefits, housing or immigration.",
            "It also recommended a public register of the algorithms used by government departments.",
            "Witnesses told the committee that AI could help reduce backlogs but that errors could affect "
            "thousands of people at once.",
            "The government has two months to respond to the report.",
        ],
    },
    # IN REVIEW
    {
        "key": "pmqs-sketch",
        "headline": "Sketch: a question about buses, and forty minutes of everything else",
        "standfirst": "Prime minister's questions found room for almost every subject except the one on the order paper.",
        "section": "politics",
        "regions": ["london"],
        "topics": ["elections"],
        "source": None,
        "authors": ["tom-adeyemi"],
        "hours_ago": 7,
        "status": "review",
        "lead_image": _img(
            "A packed parliamentary chamber seen from the gallery",
            "The chamber was full for the weekly session.",
            "Newsroom",
            "parliament",
            "Commons",
        ),
        "body": [
            "The first question was about buses. It was a good question, asked by a backbencher whose "
            "constituents have lost their Sunday service.",
            "It received an answer about the economy, which was followed by a question about the economy "
            "that received an answer about buses.",
            "By the halfway point the chamber had covered hospital wards, potholes, the weather and a "
            "football club, to cheers from one side and groans from the other.",
            "There was a brief moment of unity when both front benches agreed that the weather had been "
            "bad, before a disagreement about whose fault that was.",
            "The member who asked about buses sat patiently through all of it. The number 47 still does "
            "not run on Sundays.",
        ],
    },
    # SCHEDULED
    {
        "key": "budget-preview",
        "headline": "Budget: what to expect from next week's statement",
        "standfirst": "Tax thresholds, public sector pay and business rates are likely to feature.",
        "section": "politics",
        "regions": ["united-kingdom"],
        "topics": ["economy"],
        "source": None,
        "authors": ["priya-raman", "tom-adeyemi"],
        "hours_ago": -30,  # scheduled
        "status": "published",
        "lead_image": _img(
            "A red briefcase held up outside a government building",
            "The budget will be delivered on Wednesday.",
            "Newsroom",
            "parliament",
            "Budget",
        ),
        "body": [
            "The government will set out its tax and spending plans next week in a budget that ministers "
            "say will focus on growth.",
            "Income tax thresholds are expected to remain frozen, which means more people will pay tax as wages rise.",
            _inline(
                "Coins and a shopping receipt on a kitchen table",
                "Household finances will be in focus.",
                "Newsroom",
                "market",
                "Household budget",
            ),
            "Public sector pay is a significant pressure, and economists say extra money for the health "
            "service is likely.",
            "Businesses are lobbying for changes to business rates, which they say penalise high street shops.",
            "The independent forecaster will publish its updated outlook for the economy on the same day.",
            "We will have live coverage and analysis from 11am on Wednesday.",
        ],
        "pinned_related": ["interest-rates-held", "inflation-eases"],
    },
    # DRAFT
    {
        "key": "polling-explainer",
        "headline": "How to read an opinion poll without being misled",
        "standfirst": "Margins of error, weighting and why a single poll rarely tells you much.",
        "section": "politics",
        "regions": ["united-kingdom"],
        "topics": ["elections"],
        "source": None,
        "authors": ["tom-adeyemi"],
        "hours_ago": 26,
        "status": "draft",
        "lead_image": _img(
            "A bar chart on a screen in a newsroom",
            "Polls are a snapshot, not a forecast.",
            "Newsroom",
            "market",
            "Poll chart",
        ),
        "body": [
            "Opinion polls are everywhere between elections, and they can move markets and moods. But a "
            "single poll rarely tells you much on its own.",
            "Most polls survey between 1,000 and 2,000 people, which means their results have a margin of "
            "error of around three percentage points.",
            "Pollsters weight their samples to match the population by age, region and past vote.",
            "[TO COME: chart of the polling average over the past year]",
            "The best guide is the trend across many polls from different companies.",
        ],
    },
]

# --------------------------------------------------------------------------------------------
# Business
# --------------------------------------------------------------------------------------------

_BUSINESS = [
    {
        "key": "ftse-record-close",
        "headline": "FTSE 100 closes at record high as mining and energy shares rise",
        "standfirst": "London's leading index gained 1.2% on hopes of lower interest rates next year.",
        "section": "business",
        "regions": ["london", "united-kingdom"],
        "topics": ["markets"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": 5,
        "status": "published",
        "lead_image": _img(
            "Share price charts on screens in a dark trading room",
            "Mining and energy companies led the gains.",
            "Reuters",
            "market",
            "FTSE 100",
        ),
        "body": [
            "The FTSE 100 closed at a record high on Monday, lifted by gains for mining and energy companies "
            "and growing expectations that interest rates will fall next year.",
            "The index rose 1.2%, beating its previous closing high set in the spring.",
            "Mining shares were boosted by higher metal prices, while oil companies gained as crude rose "
            "on concerns about supply from the Middle East.",
            _inline(
                "A trader with a headset looking at several monitors",
                "Trading volumes were higher than usual for a Monday.",
                "Reuters",
                "market",
                "Trading floor",
            ),
            "The pound was little changed against the dollar.",
            "Analysts said UK shares remained cheap compared with US markets, which had attracted some "
            "overseas buyers.",
            "The more domestically focused FTSE 250 rose 0.6%.",
        ],
        "pinned_related": ["interest-rates-held", "oil-prices-middle-east"],
    },
    {
        "key": "oil-prices-middle-east",
        "headline": "Oil prices rise as Middle East tensions grow",
        "standfirst": "Brent crude climbed above $80 a barrel on fears the fighting in Syria could widen.",
        "section": "business",
        "regions": ["middle-east", "syria"],
        "topics": ["energy", "markets"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": 18,
        "status": "published",
        "lead_image": _img(
            "An oil refinery with flames from a flare stack at dusk",
            "Traders are watching for any disruption to supply.",
            "Reuters",
            "desert",
            "Refinery",
        ),
        "body": [
            "Oil prices rose on Tuesday as escalating fighting in Syria raised fears of wider instability "
            "in the Middle East.",
            "Brent crude, the international benchmark, climbed 2.8% to more than $80 a barrel, its highest "
            "level in six weeks.",
            "Syria is not a significant oil producer, but traders said the involvement of regional powers "
            "raised the risk of disruption to supplies elsewhere.",
            "Some analysts cautioned that the rise could be short-lived, pointing to weak demand and "
            "plentiful supply from outside the region.",
            "Petrol retailers said pump prices were unlikely to change for several weeks.",
        ],
        "pinned_related": ["syria-idlib-airstrikes"],
    },
    {
        "key": "interest-rates-held",
        "headline": "Bank of England holds interest rates but signals cuts next year",
        "standfirst": "Policymakers voted six to three to keep the base rate unchanged.",
        "section": "business",
        "regions": ["united-kingdom"],
        "topics": ["economy", "banking"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 76,
        "status": "published",
        "lead_image": _img(
            "A classical stone building with columns in a city street",
            "The decision was in line with expectations.",
            "PA",
            "parliament",
            "Threadneedle Street",
        ),
        "body": [
            "The Bank of England has kept interest rates unchanged but signalled that cuts are likely next "
            "year as inflation continues to ease.",
            "The Bank's monetary policy committee voted by six to three to hold rates, with the minority "
            "favouring a cut of a quarter of a percentage point.",
            _inline(
                "A mortgage application form beside a calculator",
                "Lenders have already cut some fixed rates.",
                "PA",
                "city",
                "Mortgages",
            ),
            "In its minutes, the committee said it needed more evidence that price rises in the services "
            "sector were slowing.",
            "Mortgage lenders have already begun to reduce fixed rates in anticipation of cuts.",
            "Savers' groups warned that rates on easy-access accounts were falling faster than mortgage rates.",
            "The next decision is due in six weeks.",
        ],
        "pinned_related": ["inflation-eases"],
    },
    {
        "key": "inflation-eases",
        "headline": "Inflation eases to 2.4% as fuel and food prices slow",
        "standfirst": "The rate fell more than economists had expected, strengthening the case for rate cuts.",
        "section": "business",
        "regions": ["united-kingdom"],
        "topics": ["economy"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 120,
        "status": "published",
        "lead_image": _img(
            "Shoppers pushing trolleys in a supermarket aisle",
            "Food price inflation has slowed for six months in a row.",
            "PA",
            "market",
            "Supermarket",
        ),
        "body": [
            "UK inflation fell to 2.4% in the year to October, down from 2.8% the month before, official figures show.",
            "Lower fuel prices and a slowdown in food price rises were the biggest factors.",
            "Economists had expected a smaller fall, and the figures strengthened expectations of interest "
            "rate cuts next year.",
            "Services inflation, which is closely watched by the Bank of England, also slowed but remains above 4%.",
            "Consumer groups said prices were still much higher than two years ago and many households "
            "were struggling.",
        ],
    },
    {
        "key": "energy-bills-spring-fall",
        "headline": "Household energy bills set to fall in spring",
        "standfirst": "Forecasters say the price cap will drop by about 5% from April.",
        "section": "business",
        "regions": ["united-kingdom"],
        "topics": ["energy"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 160,
        "status": "published",
        "lead_image": _img(
            "A smart meter display on a kitchen worktop",
            "Wholesale gas prices have fallen in recent weeks.",
            "PA",
            "city",
            "Smart meter",
        ),
        "body": [
            "Household energy bills are expected to fall by about 5% in April, according to forecasts by an "
            "energy consultancy.",
            "A fall in wholesale gas prices in recent weeks is expected to feed through to the price cap, "
            "which sets the maximum suppliers can charge per unit.",
            "Bills would still be significantly higher than before the energy crisis.",
            "Charities said many households had built up debts to suppliers that would take years to repay.",
            "The regulator will announce the new cap in February.",
        ],
    },
    {
        "key": "high-street-footfall",
        "headline": "High street footfall rises for first time in a year",
        "standfirst": "Retailers say early Christmas shopping and milder weather drew more people into town centres.",
        "section": "business",
        "regions": ["united-kingdom"],
        "topics": ["economy", "jobs"],
        "source": None,
        "authors": ["priya-raman"],
        "hours_ago": 210,
        "status": "published",
        "lead_image": _img(
            "Shoppers walking along a pedestrianised high street with festive lights",
            "Town centres were busier in November.",
            "Newsroom",
            "city",
            "High street",
        ),
        "body": [
            "The number of people visiting UK high streets rose last month for the first time in a year, "
            "according to a retail industry survey.",
            "Footfall was up 1.8% on the same month last year, with market towns performing better than "
            "large city centres.",
            _inline(
                "A market stall selling vegetables under a striped awning",
                "Markets and independent shops reported a strong month.",
                "Newsroom",
                "market",
                "Market stall",
            ),
            "Retailers said early Christmas shopping and milder weather had helped.",
            "Shopping centres saw a smaller increase, and retail parks were flat.",
            "The industry body warned that many shops were still closing, and that empty units remained a "
            "problem in many towns.",
        ],
    },
    {
        "key": "china-exports-slow",
        "headline": "China's export growth slows as overseas demand weakens",
        "standfirst": "Shipments rose 2% in November, down from 6% the month before.",
        "section": "business",
        "regions": ["china"],
        "topics": ["economy", "markets"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": 250,
        "status": "published",
        "lead_image": _img(
            "Stacks of shipping containers at a busy port",
            "Container volumes at major ports have levelled off.",
            "Reuters",
            "sea",
            "Container port",
        ),
        "body": [
            "Growth in China's exports slowed sharply in November as demand from Europe and the US weakened, "
            "customs data showed.",
            "Exports rose 2% from a year earlier, compared with 6% in October and well below forecasts.",
            _inline(
                "A cargo ship stacked with containers leaving port",
                "Demand from Europe and the US has weakened.",
                "Reuters",
                "sea",
                "Cargo ship",
            ),
            "Imports fell for the second month running, pointing to weak domestic demand.",
            "Economists said the figures would add to pressure for further support for the economy.",
            "Shares in Asian markets fell slightly after the data was published.",
        ],
    },
    {
        "key": "car-plant-job-cuts",
        "headline": "Car parts factory to cut 400 jobs as orders fall",
        "standfirst": "The company blamed weaker demand from carmakers and higher energy costs.",
        "section": "business",
        "regions": ["england"],
        "topics": ["jobs", "economy"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 340,
        "status": "published",
        "lead_image": _img(
            "The exterior of a large factory with a car park in front",
            "The plant has been operating for more than 40 years.",
            "PA",
            "city",
            "Factory",
        ),
        "body": [
            "A car parts factory in the West Midlands is to cut 400 jobs, about a third of its workforce, "
            "after a fall in orders.",
            "The company said weaker demand from carmakers, combined with high energy costs, meant it had "
            "to reduce production.",
            _inline(
                "Workers in overalls leaving a factory gate at the end of a shift",
                "About a third of the workforce will be affected.",
                "PA",
                "city",
                "Shift change",
            ),
            'Unions said the news was "devastating" for the town and called on the government to do more '
            "to support manufacturing.",
            "The company said it would try to minimise compulsory redundancies.",
            "Local MPs said they would meet the firm's management.",
        ],
    },
    {
        "key": "manchester-fintech-funding",
        "headline": "Manchester fintech raises £40m to expand overseas",
        "standfirst": "The payments start-up plans to double its staff and open an office in Europe.",
        "section": "business",
        "regions": ["manchester", "england"],
        "topics": ["technology", "banking"],
        "source": None,
        "authors": ["priya-raman"],
        "hours_ago": 460,
        "status": "published",
        "lead_image": _img(
            "An open-plan office with people working at laptops",
            "The firm employs about 120 people in Manchester.",
            "Newsroom",
            "city",
            "Office",
        ),
        "body": [
            "A Manchester payments start-up has raised £40m from investors to fund its expansion overseas.",
            "Ledgerline, which builds software that helps small businesses get paid faster, said it would "
            "double its workforce over two years and open an office in Europe.",
            "Chief executive Noor Siddiqui said the company would keep its headquarters in the city.",
            '"Manchester has the talent. What it has lacked is late-stage investment," she said.',
            "Investors said the company was profitable in the UK and growing quickly.",
        ],
    },
    {
        "key": "house-prices-edge-up",
        "headline": "House prices edge up as mortgage rates fall",
        "standfirst": "The average price of a home rose 0.3% in a month, according to a major lender.",
        "section": "business",
        "regions": ["united-kingdom"],
        "topics": ["housing", "banking"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 560,
        "status": "published",
        "lead_image": _img(
            "A 'for sale' sign outside a semi-detached house",
            "Buyers have been returning to the market.",
            "PA",
            "field",
            "For sale",
        ),
        "body": [
            "UK house prices rose by 0.3% last month as falling mortgage rates brought buyers back to the "
            "market, a lender has said.",
            "The average price of a home is now about £292,000, 2.1% higher than a year ago.",
            "The lender said mortgage approvals had picked up, particularly among first-time buyers.",
            "Northern Ireland and the north-west of England saw the largest annual increases.",
            "Economists expect modest price growth next year.",
        ],
    },
    # SCHEDULED
    {
        "key": "markets-week-ahead",
        "headline": "Markets week ahead: jobs data and central bank decisions",
        "standfirst": "Investors will watch employment figures and three central bank meetings for signs of rate cuts.",
        "section": "business",
        "regions": ["united-kingdom"],
        "topics": ["markets", "economy"],
        "source": "Reuters",
        "authors": [],
        "hours_ago": -6,  # scheduled
        "status": "published",
        "lead_image": _img(
            "A calendar on a desk next to a laptop showing a chart",
            "A busy week for economic data.",
            "Reuters",
            "market",
            "Week ahead",
        ),
        "body": [
            "Investors face a busy week, with employment figures, inflation data and three central bank "
            "decisions in the diary.",
            "UK jobs figures on Tuesday are expected to show unemployment rising slightly.",
            "Central banks in the US, the eurozone and Japan announce decisions later in the week.",
            "Company results include two supermarket chains and a housebuilder.",
            "Oil traders will keep an eye on events in the Middle East.",
        ],
        "pinned_related": ["ftse-record-close"],
    },
    # DRAFT
    {
        "key": "pensions-explainer",
        "headline": "Pensions: how much do you need to save for retirement?",
        "standfirst": "A practical guide to contributions, tax relief and what the state pension will cover.",
        "section": "business",
        "regions": ["united-kingdom"],
        "topics": ["economy"],
        "source": None,
        "authors": ["priya-raman"],
        "hours_ago": 15,
        "status": "draft",
        "lead_image": _img(
            "An older couple walking along a beach",
            "Experts suggest starting to save as early as possible.",
            "Newsroom",
            "sea",
            "Beach walk",
        ),
        "body": [
            "How much you need in retirement depends on how you want to live, but industry bodies have "
            "published standards to help people plan.",
            "The state pension provides a foundation, but for most people it will not be enough on its own.",
            "[TO COME: table of savings needed at different ages]",
            "Workplace pensions include contributions from employers and tax relief from the government.",
            "Small increases in contributions early in a career can make a large difference later.",
        ],
    },
]

# --------------------------------------------------------------------------------------------
# Sport (clubs, players and competitions below are fictional)
# --------------------------------------------------------------------------------------------

_SPORT = [
    {
        "key": "harbourside-manager-leaves",
        "headline": "Harbourside United part company with manager after cup exit",
        "standfirst": "The club is bottom of the league and was knocked out of the cup by a non-league side.",
        "section": "sport",
        "regions": ["england"],
        "topics": ["football"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 8,
        "status": "published",
        "lead_image": _img(
            "An empty dugout beside a floodlit football pitch",
            'The club say a replacement will be appointed "in due course".',
            "PA",
            "stadium",
            "Harbourside",
        ),
        "body": [
            "Harbourside United have parted company with manager Stuart Kemble two days after their "
            "shock FA Cup defeat by non-league Brockley Town.",
            "The club are bottom of the table with one win from their first 15 league matches.",
            _inline(
                "Supporters holding banners in a stand",
                "Fans protested against the board during the cup defeat.",
                "PA",
                "stadium",
                "Protest",
            ),
            'In a statement, the board thanked Kemble for his work but said results had "fallen short of '
            'the standards we expect".',
            "Assistant manager Lee Farrant will take charge of the team for Saturday's home game.",
            "Kemble was appointed 18 months ago and led the club to promotion last season.",
            "Supporters had chanted against the board during the cup defeat.",
        ],
        "pinned_related": ["brockley-town-cup-upset"],
    },
    {
        "key": "brockley-town-cup-upset",
        "headline": "Non-league Brockley Town stun Harbourside United in the cup",
        "standfirst": "A late header from a part-time plumber sent the sixth-tier side into the fourth round.",
        "section": "sport",
        "regions": ["london", "england"],
        "topics": ["football"],
        "source": None,
        "authors": ["daniel-okoro"],
        "hours_ago": 56,
        "status": "published",
        "lead_image": _img(
            "Players celebrating in front of a packed terrace at a small ground",
            "Brockley's players celebrate with their supporters at the final whistle.",
            "Newsroom",
            "stadium",
            "Brockley",
        ),
        "body": [
            "Non-league Brockley Town produced one of the shocks of the season, beating top-flight "
            "Harbourside United 2-1 to reach the fourth round of the FA Cup.",
            "Defender Jamie Orr, who works as a plumber during the week, headed the winner from a corner in "
            "the 88th minute to send the 3,000 crowd into raptures.",
            _inline(
                "A player rising above defenders to head the ball",
                "Jamie Orr heads the late winner.",
                "Newsroom",
                "stadium",
                "Winning goal",
            ),
            "Harbourside had taken the lead through a penalty shortly before half-time, but Brockley "
            "equalised when a long-range shot deflected in off a defender.",
            "The visitors, who made nine changes, had most of the possession but struggled to create chances "
            "on a heavy pitch.",
            '"I have to be at work at seven on Monday," said Orr. "I might be a bit late."',
            "The fourth-round draw takes place on Monday evening.",
        ],
        "pinned_related": ["harbourside-manager-leaves"],
    },
    {
        "key": "transfer-window-preview",
        "headline": "January transfer window: what each club needs",
        "standfirst": "Injuries and poor form mean several top-flight sides are expected to be busy.",
        "section": "sport",
        "regions": ["england"],
        "topics": ["football"],
        "source": None,
        "authors": ["daniel-okoro"],
        "hours_ago": 120,
        "status": "published",
        "lead_image": _img(
            "A football on the centre spot of an empty stadium",
            "The window opens on 1 January.",
            "Newsroom",
            "stadium",
            "Centre spot",
        ),
        "body": [
            "The January transfer window is usually quieter than the summer, but injuries and poor form "
            "mean several clubs are expected to be active.",
            "Harbourside United, bottom of the table, need a striker and a new manager before they can "
            "plan their recruitment.",
            "Eastfield Athletic have lost two centre-backs to long-term injuries and are looking for defensive cover.",
            "Clubs must also keep an eye on spending rules, which limit losses over three seasons.",
            "Loan deals for young players are likely to make up most of the activity.",
        ],
        "pinned_related": ["harbourside-manager-leaves"],
    },
    {
        "key": "womens-football-record-crowd",
        "headline": "Record crowd for women's league match at Eastfield",
        "standfirst": "More than 28,000 fans watched Eastfield Athletic beat their local rivals.",
        "section": "sport",
        "regions": ["manchester", "england"],
        "topics": ["football"],
        "source": None,
        "authors": ["daniel-okoro"],
        "hours_ago": 190,
        "status": "published",
        "lead_image": _img(
            "A full stadium under floodlights with supporters waving scarves",
            "The match was played at the club's main stadium for the first time.",
            "Newsroom",
            "stadium",
            "Eastfield",
        ),
        "body": [
            "A record crowd of 28,412 watched Eastfield Athletic beat their local rivals 3-0 in the women's "
            "league on Sunday.",
            "It was the first time the team had played a league match at the club's main stadium.",
            "Captain Megan Ashworth scored twice, and the result moves Eastfield to second in the table.",
            "The club said it would host three more matches at the stadium this season.",
            '"The atmosphere was incredible," said Ashworth. "This is where we belong."',
        ],
    },
    {
        "key": "glasgow-derby-report",
        "headline": "Kelvinside Rovers win Glasgow derby in front of sell-out crowd",
        "standfirst": "A second-half double gave Rovers a 2-0 win and moved them top of the table.",
        "section": "sport",
        "regions": ["glasgow", "scotland"],
        "topics": ["football"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 270,
        "status": "published",
        "lead_image": _img(
            "Fans celebrating in a stand with blue flares",
            "Rovers supporters celebrate the second goal.",
            "PA",
            "stadium",
            "Glasgow",
        ),
        "body": [
            "Kelvinside Rovers moved to the top of the table after a 2-0 win over their city rivals in front "
            "of a sell-out crowd.",
            "After a goalless first half, striker Ross Dalgleish scored twice in ten minutes.",
            _inline(
                "A footballer running towards the crowd with his arms outstretched",
                "Ross Dalgleish celebrates his second goal.",
                "PA",
                "stadium",
                "Second goal",
            ),
            "The visitors had a goal disallowed for offside in stoppage time.",
            "Both managers praised the atmosphere but said they were disappointed with some behaviour in the crowd.",
            "The sides meet again in the cup next month.",
        ],
    },
    {
        "key": "cricket-rain-old-trafford",
        "headline": "Rain washes out opening day at Old Trafford",
        "standfirst": "Not a ball was bowled as persistent showers left the outfield waterlogged.",
        "section": "sport",
        "regions": ["manchester", "england"],
        "topics": ["cricket", "weather"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 380,
        "status": "published",
        "lead_image": _img(
            "Covers on a cricket pitch in the rain with an empty stand behind",
            "Ground staff kept the covers on all day.",
            "PA",
            "field",
            "Old Trafford",
        ),
        "body": [
            "The opening day of the match at Old Trafford was abandoned without a ball bowled after heavy rain.",
            "Umpires made several inspections before calling off play at 3pm.",
            _inline(
                "Two umpires inspecting a wet outfield",
                "The umpires made several inspections before abandoning play.",
                "PA",
                "field",
                "Inspection",
            ),
            "Spectators will receive a full refund, the county said.",
            "More rain is forecast for Friday, but the weekend is expected to be drier.",
            "Both sides need a win to stay in contention for the title.",
        ],
    },
    {
        "key": "county-cricket-finances",
        "headline": "County cricket clubs warn of financial pressure",
        "standfirst": "Several counties reported losses last year despite record crowds for short-format matches.",
        "section": "sport",
        "regions": ["england", "wales"],
        "topics": ["cricket"],
        "source": None,
        "authors": ["daniel-okoro"],
        "hours_ago": 480,
        "status": "published",
        "lead_image": _img(
            "An old pavilion beside a cricket ground on a sunny day",
            "Maintaining ageing grounds is a major cost for counties.",
            "Newsroom",
            "field",
            "County ground",
        ),
        "body": [
            "Several county cricket clubs reported losses last year, despite record crowds for short-format matches.",
            "Clubs say the cost of maintaining grounds and paying players has risen faster than income.",
            "Some counties are considering selling land or hosting concerts to raise money.",
            "The governing body said it was reviewing how income was shared among the counties.",
            "Supporters' groups have called for more transparency about club finances.",
        ],
    },
    {
        "key": "grass-court-prize-money",
        "headline": "Grass-court tournament increases prize money by 20%",
        "standfirst": "Organisers say the rise will help players outside the top 100 cover their costs.",
        "section": "sport",
        "regions": ["london"],
        "topics": ["tennis"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 540,
        "status": "published",
        "lead_image": _img(
            "A grass tennis court with white lines and a net",
            "The tournament is a warm-up for the summer's major events.",
            "PA",
            "field",
            "Grass court",
        ),
        "body": [
            "Organisers of a London grass-court tournament have increased prize money by 20% for next summer.",
            "The largest increases are for players who lose in qualifying and the early rounds.",
            "Players' representatives said the move would help those outside the top 100, many of whom "
            "struggle to cover travel and coaching costs.",
            "The tournament will also offer free accommodation for qualifiers.",
            "Ticket prices are unchanged.",
        ],
    },
    {
        "key": "cardiff-stadium-roof",
        "headline": "Cardiff stadium roof to be replaced in £30m project",
        "standfirst": "The work will be carried out over two summers so that international matches are not affected.",
        "section": "sport",
        "regions": ["cardiff", "wales"],
        "topics": ["rugby"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 650,
        "status": "published",
        "lead_image": _img(
            "A large stadium with a retractable roof beside a river",
            "The stadium opened more than 25 years ago.",
            "PA",
            "stadium",
            "Cardiff",
        ),
        "body": [
            "The roof of Cardiff's national stadium is to be replaced in a £30m project.",
            "The work will be carried out over two summers to avoid disrupting international rugby matches.",
            _inline(
                "A computer-generated image of a stadium with a new white roof",
                "An artist's impression of the new roof.",
                "Newsroom",
                "stadium",
                "New roof",
            ),
            "The stadium's operators said the new roof would be lighter, quicker to open and close and "
            "better insulated.",
            "Solar panels will be fitted to part of the structure.",
            "Concerts planned for next summer will go ahead as scheduled.",
        ],
    },
    {
        "key": "marathon-ballot-record",
        "headline": "Record number apply for city marathon ballot",
        "standfirst": "More than 800,000 people entered the ballot for next year's race.",
        "section": "sport",
        "regions": ["london"],
        "topics": ["athletics"],
        "source": "Press Association",
        "authors": [],
        "hours_ago": 720,
        "status": "published",
        "lead_image": _img(
            "Runners crossing a bridge with crowds lining the route",
            "Thousands of runners raise money for charity each year.",
            "PA",
            "city",
            "Marathon",
        ),
        "body": [
            "A record number of people have applied for a place in next year's London marathon, organisers have said.",
            "More than 800,000 entered the public ballot, beating the previous record by more than 20%.",
            "Fewer than one in 20 will be successful.",
            "Charities, which buy places for fundraisers, said demand had also been very high.",
            "Ballot results will be sent out next month.",
        ],
    },
    {
        "key": "grassroots-pitches-funding",
        "headline": "Grassroots football to get £25m for new pitches",
        "standfirst": "The money will fund artificial pitches and changing rooms in areas with the fewest facilities.",
        "section": "sport",
        "regions": ["england"],
        "topics": ["football"],
        "source": None,
        "authors": ["daniel-okoro"],
        "hours_ago": 800,
        "status": "published",
        "lead_image": _img(
            "Children playing football on an artificial pitch under floodlights",
            "Demand for all-weather pitches far outstrips supply.",
            "Newsroom",
            "stadium",
            "Community pitch",
        ),
        "body": [
            "Grassroots football clubs in England are to receive £25m to build new pitches and changing rooms.",
            "The money will be targeted at areas with the fewest facilities, including several coastal towns.",
            "Many junior clubs say they have to cancel matches every winter because grass pitches are waterlogged.",
            _inline(
                "Volunteers marking out lines on a muddy pitch",
                "Volunteers keep many junior clubs running.",
                "Newsroom",
                "field",
                "Sunday league",
            ),
            "Clubs will be able to bid for funding from the spring.",
            "Volunteers said the money was welcome but that running costs also needed support.",
        ],
    },
]

STORIES = _WORLD + _UK + _POLITICS + _BUSINESS + _SPORT
