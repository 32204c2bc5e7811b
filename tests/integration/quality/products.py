"""Products written for the quality tests, shared by the checker's and the realizer's tests."""

DRILL = {
    "name": "Cordless Drill Driver",
    "brand": "Torque Works",
    "features": ["18 V lithium-ion battery", "2 speed settings", "LED work light", "keyless chuck"],
    "materials": ["glass-filled nylon housing"],
    "color": "yellow and black",
    "size": "1.4 kg",
    "audience": "DIY enthusiasts",
    "keywords": ["cordless", "power tools"],
}
ESPRESSO = {
    "name": "Stovetop Espresso Maker",
    "brand": "Caffa",
    "features": ["makes 6 cups", "heat-resistant handle", "safety valve"],
    "materials": ["cast aluminium"],
    "color": "silver",
    "size": "300 ml",
    "audience": "espresso fans",
    "keywords": ["moka pot", "stovetop"],
}
TOWELS = {
    "name": "Bath Towel Set",
    "brand": "Softloom",
    "features": ["set of 4 towels", "600 GSM", "quick-drying"],
    "materials": ["Turkish cotton"],
    "color": "white",
    "size": "70 x 140 cm",
    "keywords": ["spa", "absorbent"],
}
