"""Word lists the checker and the voice filter use. Each list says what it is for.

Nothing here is a fact about a product: these are the words a description must not add on its own
(extras, product types, audiences, claims), and the generic words a model may add around the facts.
"""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
    "double": 2,
    "twin": 2,
    "triple": 3,
    "single": 1,
    "both": 2,
    "pair": 2,
    "couple": 2,
}
ENTITY_LABELS = {
    "ORG",
    "PERSON",
    "GPE",
    "LOC",
    "NORP",
    "FAC",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "PRODUCT",
    "MONEY",
    "LANGUAGE",
}
# Components, accessories and extras a description must not add unless the facts name them.
EXTRAS = frozenset(
    """
light lights lamp lamps led leds remote remotes app apps application smartphone display displays screen screens
touchscreen case cases battery batteries charger chargers cable cables cord cords warranty guarantee manual
strap straps pouch pouches lid lids pocket pockets zipper zippers zip usb bluetooth wifi wi-fi sensor sensors
timer timers speaker speakers microphone microphones mic camera cameras motor motors wheel wheels stand stands
mount mounts clip clips hook hooks hood hoods insole insoles liner liners lining filter filters brush brushes
nozzle nozzles attachment attachments accessory accessories adapter adapters plug plugs port ports button
buttons knob knobs dial dials switch switches alarm alarms clock gps heater heaters fan fans bulb bulbs mirror
mirrors lens lenses lock locks key keys refill refills cartridge cartridges tray trays rack racks shelf shelves
drawer drawers compartment compartments sleeve sleeves belt belts buckle buckles cushion cushions pillow pillows
handle handles tripod tripods charging engraving monogram packaging box boxes gift-box bag bags kit kits
massage subscription voucher coupon recipe recipes ebook guide
""".split()
)
# Production, provenance, price and popularity: claims nobody gave.
CLAIM_PATTERNS = {
    "production": (
        r"\bhand[- ]?(?:crafted|made|stitched|sewn|finished|painted|poured|built|forged|woven|knitted|carved"
        r"|thrown|blown|dyed)\b",
        r"\b[a-z]+-fired\b",
        r"\bkilns?\b",
        r"\bforged\b",
        r"\bhammered\b",
        r"\bartisan(?:s|al)?\b",
        r"\bcraftsm(?:an|en|anship)\b",
        r"\bcraftspeople\b",
        r"\bcrafted by\b",
        r"\bmaster (?:craftsm|maker|weaver|potter|artisan)",
        r"\bworkshops?\b",
        r"\bfactor(?:y|ies)\b",
        r"\bmills?\b",
        r"\bmanufactur(?:ed|er|ers|ing)\b",
        r"\bfamily[- ](?:owned|run)\b",
        r"\bsmall[- ]batch\b",
        r"\bethically\b",
    ),
    "provenance": (
        r"\bmade in\b",
        r"\bimported\b",
        r"\bsourced (?:from|in)\b",
        r"\bheritage\b",
        r"\btraditional(?:ly)?\b",
        r"\bsince \d{4}\b",
        r"\bestablished\b",
        r"\bfounded\b",
        r"\bcompan(?:y|ies)\b",
        r"\bbrands\b",
        r"\bdesigned in\b",
        r"\bfrom (?:the )?(?:finest|best)\b",
    ),
    "price": (
        r"\baffordabl[ey]\b",
        r"\bcheap(?:er|est|ly)?\b",
        r"\binexpensive\b",
        r"\bbudget\b",
        r"\bprices?\b",
        r"\bpriced\b",
        r"\bcosts?\b",
        r"\bdiscount(?:s|ed)?\b",
        r"\bon sale\b",
        r"\bbargains?\b",
        r"\bdeals?\b",
        r"\bvalue for money\b",
        r"\bfree (?:shipping|delivery|returns)\b",
        r"\bshipping\b",
        r"\bin stock\b",
        r"\blimited[- ]edition\b",
        r"\bwebsite\b",
        r"\bonline store\b",
        r"\bstores?\b",
        r"\$\d|€\d|£\d",
        r"\bmoney\b",
    ),
    "popularity": (
        r"\bbest[- ]?sell(?:er|ers|ing)\b",
        r"\bpopular(?:ity)?\b",
        r"\bfavou?rite (?:of|among|with)\b",
        r"\bloved by\b",
        r"\bbeloved\b",
        r"\btrusted\b",
        r"\bpraised\b",
        r"\bacclaimed\b",
        r"\baward",
        r"\btop[- ]rated\b",
        r"\brated\b",
        r"\breviews?\b",
        r"\bcelebrit",
        r"\binfluencers?\b",
        r"\brecommended by\b",
        r"\bendorsed\b",
        r"\bused by\b",
        r"\bchosen by\b",
        r"\brenowned\b",
        r"\bfamous\b",
        r"\biconic\b",
        r"\blegendary\b",
        r"\bworld[- ]class\b",
        r"\bcult\b",
        r"\bmillions\b",
        r"\bthousands\b",
        r"\bcustomers\b",
        r"\bfans\b",
        r"\bone of the\b",
    ),
}
# Text about the text or the task, and instructions echoed back.
META_PATTERNS = (
    r"\bdescriptions?\b",
    r"\bthis (?:text|copy|paragraph|sentence|listing|post|article)\b",
    r"\bmention(?:s|ed|ing)?\b",
    r"\bthe facts?\b",
    r"\bfacts? (?:above|given|listed)\b",
    r"\byour (?:story|writing|text|essay)\b",
    r"\badd nothing\b",
    r"\bnothing else\b",
    r"\bproduct category\b",
    r"\bkeywords?\b",
    r"\btone\b",
    r"\bas an ai\b",
    r"\blanguage model\b",
    r"\bhere is\b",
    r"\bword count\b",
    r"\bprompt\b",
    r"\binstructions?\b",
    r"\bin (?:this|the) (?:section|paragraph)\b",
    r"\blayer of detail\b",
    r"\bno shortage of\b",
    r"\bwrite\b",
    r"\bwriting\b",
    r"\bwords?\b",
    r"\bproduct name\b",
    r"\bfeatures? (?:list|section)\b",
    r"\bopening line\b",
    r"\bclosing line\b",
    r"^(?:product|brand|category|features?|materials?|colou?r|size|for|keywords?|tone)\s*:",
)
# Who a product is for: saying one the facts do not name is a claim.
AUDIENCE_WORDS = frozenset(
    """
men man mens menswear women woman womens womenswear ladies lady gentlemen boys boy girls girl kids kid children
child toddler toddlers baby babies infant infants teens teenagers teen adults adult unisex him her his hers
seniors elderly students professionals athletes beginners experts
""".split()
)
# Nouns that name a kind of product: calling a tripod a camera is the wrong product.
PRODUCT_TYPES = frozenset(
    """
camera cameras phone phones smartphone smartphones laptop laptops tablet tablets computer computers watch watches
smartwatch smartwatches earring earrings necklace necklaces bracelet bracelets pendant pendants brooch brooches
menswear womenswear shoe shoes sneaker sneakers trainer trainers boot boots sandal sandals slipper slippers heels
jacket jackets coat coats shirt shirts t-shirt dress dresses skirt skirts trousers jeans hoodie hoodies sweater
sweaters jumper jumpers cardigan cardigans scarf scarves hat hats glove gloves mitten mittens sock socks backpack
backpacks handbag handbags purse purses wallet wallets suitcase suitcases luggage mug mugs teapot teapots kettle
kettles toaster toasters blender blenders mixer mixers oven ovens microwave microwaves fridge refrigerator
dishwasher chair chairs sofa sofas couch couches desk desks bed beds mattress mattresses duvet duvets blanket
blankets towel towels rug rugs carpet carpets curtain curtains knife knives pan pans skillet skillets wok woks
saucepan saucepans headphones headphone earbuds earphones keyboard keyboards television televisions tv drone
drones toy toys book books perfume perfumes cologne candle candles soap soaps shampoo shampoos lotion lotions
moisturiser moisturizer serum serums lipstick lipsticks bike bikes bicycle bicycles helmet helmets tent tents
umbrella umbrellas sunglasses spectacles tripod tripods drill drills vacuum hoover heater guitar guitars piano
pianos violin violins flute flutes ukulele ukuleles pen pens pencil pencils stroller strollers pram prams cot
cots crib cribs harness harnesses leash leashes tumbler tumblers flask flasks thermos lunchbox toothbrush
toothbrushes razor razors hairdryer straightener trimmer trimmers necklace earmuffs bikini swimsuit pyjamas
pajamas apron aprons vase vases clock clocks radio radios printer printers projector projectors router console
consoles controller controllers charger chargers powerbank speaker speakers lantern lanterns torch flashlight
sleeping-bag hammock hammocks kayak kayaks surfboard skateboard scooter scooters treadmill dumbbell dumbbells
kettlebell kettlebells jersey shorts leggings bra lingerie tie ties belt belts cufflinks tiara crown doll dolls
puzzle puzzles teddy plushie stool stools bench benches wardrobe shelf bookcase lamp lamps chandelier
""".split()
)

# The vocabulary a model may add around the facts: generic praise, everyday settings, connectives.
# A model-written line is kept only if each of its content words is a fact word or one of these:
# "designed to fit your feet" (mittens), "a rich, velvety latte" (a moka pot) and "easy to install
# in the kitchen" (a fan) use a word from neither and are dropped; "a versatile addition to your
# everyday routine" passes.
GENERIC = frozenset(
    """
a an the this that these those it its it's they them their theirs you your yours we our us one ones
and or but so yet nor as than then with without for from of in on at by to into onto over under up down out
about around through throughout across along between after before during while when whenever wherever where
whether every each any all both either neither some more most much many few little less least just only
also even still too very really truly quite simply well again always ever never now here there
is are was be been being am do does did has have had can could will would should may might must
not no yes
get gets getting got make makes making made keep keeps keeping kept bring brings bringing brought take takes
taking give gives giving let lets enjoy enjoys enjoying love loves lovely like likes need needs want wants
find finds choose chooses pick picks reach reach reaches go goes going come comes coming meet meets
say hello hi welcome discover discovers explore treat treats turn turns add adds adding stay stays look
looks feel feels feeling work works working use uses using used  carry carries carrying
pack packs packing pair pairs match matches matching fit fits suit suits serve serves help helps helping
designed design built build crafted ready set start starts begin begins finish finishes
great good better fine nice lovely beautiful beautifully gorgeous stunning pretty handsome smart sleek
stylish chic elegant elegantly refined classic timeless modern fresh clean simple simply easy easily
effortless effortlessly practical useful handy versatile reliable dependable solid sturdy thoughtful
considered comfortable comfy cosy cozy soft gentle calm calming relaxed relaxing peaceful quiet bright
cheerful fun playful joyful happy delightful charming sweet bold striking vibrant warm cool
everyday daily perfect ideal essential favourite favorite go-to trusty welcome true real proper
little new whole full busy lazy special
day days daily morning mornings evening evenings night nights weekend weekends week weeks moment moments
time times life lifestyle routine routines ritual rituals season seasons year year-round occasion occasions
home house place space spaces room rooms world everywhere anywhere somewhere wherever
way ways style comfort ease pleasure joy treat touch detail details finishing choice choices addition
companion companions essential essentials piece pieces partner pick staple upgrade option options
quality value care attention thing things something everything anything nothing
adventure adventures journey journeys trip trips outing outings plans plan
hand hands eye eyes heart
you'll you're you've it'll they're that's there's here's what's
ready-to-use must-have
finished holds hold measures measure weighs weigh stands runs features feature includes include sized suitable
rating offers offer inch inches match through includes included fit fits cold chilly months relax everyone
especially alike
available chosen mind enjoyed introducing looking nicer quietly recommended right sensible settle suited step covers
grab live what whatever who fitting plenty lot thoughtfully put together beyond alongside handy best plus top
colour colours color colors shade shades anyone loves love treat
""".split()
)

# What a model line may call the product ("The Hydrova bottle is a trusty companion"), besides its own type.
GENERIC_NOUNS = frozenset("""
choice pick option companion addition essential essentials staple upgrade favourite favorite classic piece way
treat must must-have match partner go-to answer solution friend buy find gem delight pleasure joy
""".split())
# Words that look harmless but promise something checkable; never added unless in the facts.
NEVER = frozenset(
    """
all-in-one easy-to-clean easy-to-use easy-to-install easy-to-carry portable compact lightweight heavy-duty
small large tiny huge fast quick long-lasting
best finest cheapest affordable price guarantee guaranteed warranty lifetime forever certified proven
clinically professional-grade award award-winning bestselling best-selling popular famous iconic
handmade handcrafted artisan artisans heritage authentic genuine original imported
waterproof water-resistant leak-proof unbreakable indestructible durable long-lasting non-stick eco-friendly
sustainable organic recycled natural vegan hypoallergenic antibacterial safe
""".split()
)

# Materials, for telling a material from a product word (analysis) and a material head (realize).
MATERIAL_WORDS = frozenset(
    """
steel aluminium aluminum titanium copper brass bronze iron glass borosilicate plastic tritan polycarbonate acrylic
silicone rubber latex leather suede cotton linen wool merino cashmere silk polyester nylon spandex elastane denim
canvas mesh fleece foam eva gel wood bamboo oak walnut pine teak beech ash maple ceramic porcelain stoneware
earthenware marble granite stone concrete paper cardboard cork fiberglass fibreglass gold silver platinum vinyl
pvc polypropylene neoprene velvet satin twill jersey alloy terracotta lambswool sisal acetate resin flax jute
rattan wicker hemp mohair alpaca viscose rayon modal lyocell tencel polyurethane pu tpu abs enamel felt down
chrome pakkawood rosewood mahogany spruce cedar birch hardwood plywood mdf clay wax soy
""".split()
)


# Edition and model words merchants put after the product type: "Blender Pro" is a blender, not "a blender pro".
EDITION_WORDS = frozenset(
    "pro max plus mini xs xl xxl lite ultra deluxe classic elite premium original edition series se prime "
    "neo sport signature essential essentials".split()
)


def without_edition(name: str) -> str:
    """'Air Fryer XL' -> 'Air Fryer', 'Charger 65W' -> 'Charger', 'Mixer II' -> 'Mixer' (one word always stays)."""
    words = name.split()
    while len(words) > 1 and (
        words[-1].lower().strip(".") in EDITION_WORDS or re.fullmatch(r"[IVX]{2,4}|[A-Za-z]*\d[\w.+-]*", words[-1])
    ):
        words.pop()
    return " ".join(words)


_SIBILANT_PLURAL = re.compile(r"(?:ss|x|z|ch|sh)es$")


def singular(word: str) -> str:
    """A lower-case English plural's singular, by the spelling rules (not `rstrip("s")`, which turns "dress" into
    "dre" and "glass" into "gla"): berries -> berry, boxes -> box, glasses -> glass, corks -> cork; a word
    that is not a regular plural ("dress", "glass", "lens", "series") comes back as it is."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "series", "news", "lens")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if _SIBILANT_PLURAL.search(word):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word
