from PIL import Image, ImageDraw

from generator.colors import color_table, dominant_colors, name_color


def product_shot(product_rgb, background=(250, 250, 250), size=(200, 200)):
    image = Image.new("RGB", size, background)
    ImageDraw.Draw(image).rectangle((60, 40, 140, 170), fill=product_rgb)
    return image


def test_table_is_loaded():
    names, labs = color_table()
    assert len(names) == len(labs) >= 25 and "navy" in names


def test_names_of_plain_colours():
    assert name_color((200, 30, 30)) == "red"
    assert name_color((20, 20, 20)) == "black"
    assert name_color((30, 40, 80)) == "navy"


def test_product_colour_wins_over_a_plain_background():
    assert dominant_colors(product_shot((30, 90, 200)))[0] == "blue"
    assert dominant_colors(product_shot((20, 20, 20), background=(255, 255, 255)))[0] == "black"


def test_two_tone_product_reports_both():
    image = product_shot((200, 30, 30))
    ImageDraw.Draw(image).rectangle((60, 105, 140, 170), fill=(240, 210, 40))
    assert set(dominant_colors(image)[:2]) == {"red", "yellow"}


def test_uniform_photo_falls_back_to_the_centre():
    assert dominant_colors(Image.new("RGB", (50, 50), (60, 140, 60))) == ["green"]
