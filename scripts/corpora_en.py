"""Templates and word lists for the English sample corpus (see make_corpora.py and corpora/README.md).

Built for the lessons' demonstrations (tests/lessons/contract.mjs checks them over seeds 1-10):

- Analogies. People come in gender pairs on two axes, royal / common and grown-up / young:
  king / queen, man / woman, father / mother (grown-up); prince / princess, boy / girl (young).
  Every template about a person is shared by both members of a pair, only the pronoun changing,
  and each axis has templates of its own (ruling and the throne for royals, the village and the
  field for common people; work and wisdom for grown-ups, school and games for the young), so
  king - man + woman lands on queen, not on princess.
- Word groups. Food, animals and places each have their own templates, and every slot of a
  template takes any word of its group with equal chance, so the words of a group share their
  contexts and end up as each other's nearest neighbours.
- Homonyms (bank, orange, bat) in scenes of each sense; inflected forms for FastText; the unseen
  words below never appear.
"""

# Gender pairs (male, female) by kind of person; a scene follows one person of one kind.
PAIRS = {
    "royal_old": [("king", "queen")],
    "royal_young": [("prince", "princess")],
    "common_old": [("man", "woman"), ("father", "mother")],
    "common_young": [("boy", "girl")],
}
ROYAL = ["royal_old", "royal_young"]
COMMON = ["common_old", "common_old", "common_young"]
OLD = ["royal_old", "common_old", "common_old"]
YOUNG = ["royal_young", "common_young"]
ANYONE = ["royal_old", "royal_young", "common_old", "common_young", "common_old"]

# Forms that never appear, for the FastText "unseen word" demo (make_corpora.py checks).
UNSEEN = ["oranges", "kingdoms", "princesses", "unhappiness", "eaten", "queenly"]


def person_context(pair, female):
    p, q = (pair[1], pair[0]) if female else pair
    he, his, him = ("she", "her", "her") if female else ("he", "his", "him")
    kin = "daughter" if female else "son"
    return {"P": p, "Q": q, "he": he, "his": his, "him": him, "kin": kin}


# Each group's words, equally likely in every slot of the group.
FOOD = ["apple", "pear", "banana", "peach", "bread", "cake", "soup", "rice"]
ANIMALS = ["dog", "cat", "horse", "cow", "sheep", "pig", "duck", "goat"]
PLACES = ["city", "village", "market", "river", "mountain", "forest", "lake", "island"]

LISTS = {
    "food": FOOD,
    "fruit": ["apple", "pear", "banana", "peach"],
    "fruits": ["apples", "pears", "bananas", "peaches"],
    "animal": ANIMALS,
    "place": PLACES,
    "drink": ["milk", "water", "tea", "juice"],
    "vehicle": ["boat", "ship", "car", "train", "bus", "cart"],
    "colour": ["red", "blue", "green", "yellow", "white", "brown", "pink"],
    "when": ["One morning", "One day", "In the evening", "Early one morning", "On Sunday", "In the summer",
             "In the winter", "After lunch", "Long ago", "One cold night"],
}

ROYAL_LIFE = {
    "weight": 4, "who": ROYAL,
    "open": [
        "Long ago, there was a great kingdom by the sea.",
        "Once upon a time, the {P} lived in a white palace.",
        "{when}, the {P} woke up in the palace.",
        "This is a story about the {P} of a small kingdom.",
    ],
    "body": [
        "The {P} lived in the palace.",
        "The {P} walked through the palace with {his} guards.",
        "The guards of the palace bowed to the {P}.",
        "The people of the kingdom loved the {P}.",
        "The {P} loved the kingdom, and the kingdom loved {him}.",
        "The {P} looked at the kingdom from the tower of the palace.",
        "The {P} wore a golden crown.",
        "The {P} said that {he} would always love the kingdom.",
        "The {P} gave a feast in the great hall of the palace.",
        "The {P} rode a white horse out of the palace.",
        "The {P} opened the palace gate for the people.",
        "Servants in the palace brought tea to the {P}.",
        "The {P} wrote a letter to another kingdom.",
        "The {P} was proud of the kingdom.",
        "When the {P} was sad, the whole kingdom was sad.",
    ],
    "close": [
        "And the {P} lived happily in the palace.",
        "The kingdom was at peace.",
        "That night, the {P} slept well in the palace.",
    ],
}

THRONE = {
    "weight": 4, "who": ["royal_old"],
    "open": [
        "The {P} of the kingdom was old and wise.",
        "{when}, the {P} sat on the throne.",
        "Every morning, the {P} walked to the throne.",
    ],
    "body": [
        "The {P} ruled the kingdom wisely.",
        "The {P} sat on the golden throne and listened to the people.",
        "The {P} put on {his} crown and walked to the throne.",
        "{his} crown was heavy, but {he} wore it every day.",
        "The {P} was the ruler of the kingdom.",
        "The {P} made a new law for the kingdom.",
        "The {P} was a wise ruler, and the people trusted {him}.",
        "The {P} had ruled the kingdom for many years.",
        "The {P} talked with the other kings and queens.",
        "The {P} was a grown {kin} of the old kings and queens.",
        "The {P} would give the crown to a prince or a princess one day.",
        "The old {P} worked hard for {his} kingdom.",
    ],
    "close": [
        "The {P} put the crown back on the throne.",
        "Everyone in the kingdom was happy with the {P}.",
    ],
}

YOUNG_ROYAL = {
    "weight": 4, "who": ["royal_young"],
    "open": [
        "The young {P} lived in the palace.",
        "{when}, the young {P} ran into the palace garden.",
    ],
    "body": [
        "The {P} was the young {kin} of the king and the queen.",
        "The young {P} played in the palace garden.",
        "The {P} was still a child and loved to play.",
        "The {P} went to school in the palace.",
        "The {P} learned to read and to write.",
        "The young {P} will rule the kingdom one day.",
        "The {P} played with the other children of the palace.",
        "The {P} was young, so {he} could not sit on the throne.",
        "The {P} listened to a story and laughed.",
        "The young {P} ran after a ball.",
    ],
    "close": [
        "The young {P} was tired and went to bed.",
        "Then the {P} went back to the palace.",
    ],
}

VILLAGE_LIFE = {
    "weight": 4, "who": COMMON,
    "open": [
        "{when}, the {P} woke up early.",
        "In a small village, there lived a {P}.",
        "This is a story about a {P} from the village.",
    ],
    "body": [
        "The {P} lived in a little house in the village.",
        "The {P} walked through the village with {his} friend.",
        "The neighbours in the village said hello to the {P}.",
        "The people of the village liked the {P}.",
        "The {P} loved the village, and the village loved {him}.",
        "The {P} looked at the village from the hill.",
        "The {P} wore an old hat.",
        "The {P} said that {he} would always love the village.",
        "The {P} had dinner with the neighbours in the village.",
        "The {P} rode a brown horse out of the village.",
        "The {P} opened the door for {his} neighbour.",
        "The {P} wrote a letter to {his} friend in the city.",
        "The {P} was proud of the village.",
        "When the {P} was sad, {his} friends were sad.",
    ],
    "close": [
        "In the evening, the {P} went home.",
        "That night, the {P} slept well.",
    ],
}

WORK = {
    "weight": 4, "who": ["common_old"],
    "open": [
        "The {P} got up early to work.",
        "{when}, the {P} went to the field.",
    ],
    "body": [
        "The {P} worked in the field all day.",
        "The {P} was a hard worker, and the neighbours trusted {him}.",
        "The {P} carried wood to the house.",
        "The {P} was old and wise.",
        "The {P} had worked on the farm for many years.",
        "The {P} talked with the other men and women of the village.",
        "The {P} was a grown {kin} of the old farmer.",
        "The {P} worked hard for {his} family.",
        "The {P} built a new fence for the farm.",
        "The {P} made a plan for the farm.",
        "The {P} told the children an old story.",
    ],
    "close": [
        "The {P} was tired after the work.",
        "Then the {P} went to bed.",
    ],
}

CHILDHOOD = {
    "weight": 4, "who": ["common_young"],
    "open": [
        "The young {P} lived in the village.",
        "{when}, the young {P} ran out of the house.",
    ],
    "body": [
        "The {P} was the young {kin} of a man and a woman.",
        "The young {P} played in the garden.",
        "The {P} was still a child and loved to play.",
        "The {P} went to school in the village.",
        "The {P} learned to read and to write.",
        "The young {P} will work on the farm one day.",
        "The {P} played with the other children of the village.",
        "The {P} was young, so {he} could not work in the field.",
        "The {P} listened to a story and laughed.",
        "The young {P} ran after a ball.",
    ],
    "close": [
        "The young {P} was tired and went to bed.",
        "Then the {P} went home.",
    ],
}

MEALS = {
    "weight": 9, "who": ANYONE,
    "open": [
        "{when}, the {P} was hungry.",
        "It was time for lunch.",
        "The {P} went into the kitchen.",
    ],
    "body": [
        "The {P} ate the {food}.",
        "The {P} eats the {food} every day.",
        "The {P} is eating the {food} in the kitchen.",
        "The {P} likes to eat the {food}.",
        "The {P} will eat the {food} tonight.",
        "The {P} cooked the {food} for the family.",
        "The {P} cooks the {food} every evening.",
        "The {P} is cooking the {food} for {his} friends.",
        "The {P} likes cooking the {food}.",
        "The {P} wants to cook the {food}.",
        "The {P} can cook the {food} well.",
        "The {P} eats the {food} slowly.",
        "The {P} bought the {food} at the shop.",
        "The {P} shared the {food} with {his} friend.",
        "The {food} was on the table.",
        "The {food} was fresh and good.",
        "The {food} on the plate was still warm.",
        "The {P} put the {food} on a plate.",
        "{his} friend ate the {food} and smiled.",
        "The {P} said that the {food} was delicious.",
        "The children ate the {food} after school.",
        "The {food} and the {food2} were for breakfast.",
        "The {P} had the {food} and the {food2} for dinner.",
        "The {P} ate the {food} and drank some {drink}.",
        "The {P} did not want to eat the {food}.",
        "After eating, the {P} washed the plates.",
    ],
    "close": [
        "The {P} was not hungry anymore.",
        "It was a good meal.",
    ],
}

ORANGE_FRUIT = {
    "weight": 3, "who": ANYONE,
    "open": [
        "The {P} found an orange in the kitchen.",
        "{when}, the {P} wanted some fruit.",
    ],
    "body": [
        "The {P} peeled an orange and ate it.",
        "The orange was sweet and juicy.",
        "The {P} made juice from an orange.",
        "An orange is sweet, and a lemon is sour.",
        "The {P} ate an orange and {a_fruit}.",
        "The {P} cut the orange in half.",
        "The orange and the {fruit} were fresh.",
        "The {P} bought one orange and two {fruits}.",
        "The {P} put an orange in {his} bag.",
    ],
    "close": [
        "The orange was gone.",
    ],
}

ORANGE_COLOUR = {
    "weight": 3, "who": ANYONE,
    "open": [
        "{when}, the sky was orange.",
        "It was autumn, and the leaves were orange.",
    ],
    "body": [
        "The sun was orange in the evening sky.",
        "The {P} wore an orange coat.",
        "The leaves turned orange and red.",
        "The sky was orange and pink at sunset.",
        "Red, blue, yellow and orange are colours.",
        "The {P} painted the door orange.",
        "The {P} liked the colour orange.",
        "The cat was orange and white.",
        "The {P} had {a_colour} hat and an orange scarf.",
    ],
    "close": [
        "The {P} looked at the orange sky and smiled.",
    ],
}

FARM_ANIMALS = {
    "weight": 9, "who": ANYONE,
    "open": [
        "{when}, the {P} went to the farm.",
        "There were many animals on the farm.",
        "The {P} loved animals.",
    ],
    "body": [
        "The {P} fed the {animal}.",
        "The {P} gave water to the {animal}.",
        "The {animal} followed the {P} home.",
        "The {animal} slept in the barn.",
        "The {animal} was hungry, so the {P} fed it.",
        "The {P} washed the {animal}.",
        "The {P} has a {animal} and a {animal2}.",
        "The {animal} ran across the field.",
        "The {animal} stood next to the {animal2}.",
        "The {P} counted the {animal} and the {animal2}.",
        "The children played with the {animal}.",
        "The {animal} was small and young.",
        "The {animal} walked out of the barn.",
        "The {P} heard the {animal} in the barn.",
        "The {P} looked after the {animal} every day.",
        "The {animal} lay down in the grass.",
        "The old {animal} was tired.",
    ],
    "close": [
        "In the evening, the animals went to sleep.",
        "The {P} said good night to the animals.",
    ],
}

BAT_ANIMAL = {
    "weight": 2, "who": ANYONE,
    "open": ["At night, the {P} walked to the old cave."],
    "body": [
        "A bat flew out of the dark cave.",
        "At night, the bat hunted insects.",
        "The bat slept upside down in the cave.",
        "The {P} saw a bat with big wings.",
        "The bat ate insects in the dark.",
    ],
    "close": ["The bat flew back into the cave."],
}

BAT_BALL = {
    "weight": 2, "who": YOUNG,
    "open": ["{when}, the {P} wanted to play ball."],
    "body": [
        "The {P} hit the ball with a wooden bat.",
        "{he} swung the bat, and the ball flew far.",
        "The {P} held the bat and waited for the ball.",
        "The bat and the ball were in the garden.",
        "The {P} played with a ball and a bat.",
    ],
    "close": ["The {P} put the bat away."],
}

TRAVEL = {
    "weight": 9, "who": ANYONE,
    "open": [
        "{when}, the {P} went on a trip.",
        "The {P} wanted to see the world.",
    ],
    "body": [
        "The {P} walked to the {place}.",
        "The {P} went to the {place} with {his} friend.",
        "The {P} lived near the {place}.",
        "The {place} was beautiful in the morning.",
        "The {place} was quiet at night.",
        "The {P} traveled from the {place} to the {place2}.",
        "The road to the {place} was long.",
        "The {P} visited the {place} again.",
        "The {place} was far from the {place2}.",
        "The {P} drew a picture of the {place}.",
        "Many people came to the {place} in the summer.",
        "The {P} took a photo of the {place}.",
        "The {P} talked about the {place} all evening.",
        "The {P} got lost near the {place}.",
        "The {P} went to the {place} by {vehicle}.",
    ],
    "close": [
        "The {P} came home tired but happy.",
        "It was a long day.",
    ],
}

VEHICLES = {
    "weight": 2, "who": ANYONE,
    "open": ["The {P} went to the station."],
    "body": [
        "The train stopped at the station.",
        "The {P} sailed a boat on the sea.",
        "The big ship sailed across the sea.",
        "The {P} drove a car down the road.",
        "The {P} waited for the bus.",
        "The ship was bigger than the boat.",
        "The train was faster than the car.",
    ],
    "close": ["At last, the {P} arrived."],
}

RIVER_BANK = {
    "weight": 3, "who": ANYONE,
    "open": [
        "{when}, the {P} went down to the water.",
        "The {P} walked to the bank of the stream.",
    ],
    "body": [
        "The {P} sat on the bank and watched the water.",
        "Green grass grew on the bank.",
        "Ducks rested on the bank near the water.",
        "The boat stopped at the bank.",
        "From the bank, {he} watched the fish in the water.",
        "After the rain, the bank was wet and muddy.",
        "Flowers grew on the bank near the bridge.",
        "The water rose and covered the bank.",
        "A frog jumped from the bank into the water.",
        "The other bank of the stream was far away.",
        "The {P} had a picnic on the grassy bank.",
    ],
    "close": [
        "When the sun went down, the {P} left the bank.",
    ],
}

MONEY_BANK = {
    "weight": 3, "who": OLD,
    "open": [
        "{when}, the {P} needed money.",
        "The {P} went into the city to the bank.",
    ],
    "body": [
        "The {P} went to the bank to save money.",
        "The {P} put {his} money in the bank.",
        "The bank gave the {P} a loan.",
        "The {P} opened an account at the bank.",
        "The {P} took some money out of the bank.",
        "The {P} paid back the loan to the bank.",
        "The bank kept the money safe.",
        "The bank was closed on Sunday.",
        "The bank paid a little interest on the money.",
        "The {P} counted the money in {his} account.",
        "The {P} saved money in the bank for many years.",
    ],
    "close": [
        "The {P} walked home from the bank.",
    ],
}

HAPPY = {
    "weight": 3, "who": ANYONE,
    "open": [
        "{when}, the {P} played with friends.",
        "It was a sunny day.",
    ],
    "body": [
        "The {P} laughed with happiness.",
        "Playing with friends brings happiness.",
        "The {P} plays music in the evening.",
        "The {P} played a game with {his} friend.",
        "The {P} is playing in the garden.",
        "The {P} was happy.",
        "The {P} was unhappy because it was raining.",
        "The {P} felt great happiness.",
        "The {P} played happily with {his} friends.",
        "The {P} was unhappy, so {his} friend made {him} happy.",
        "The {P} said that {he} was very happy.",
        "The {P} plays with friends every day.",
        "The {P} cooked and sang with happiness.",
    ],
    "close": [
        "It was a happy day.",
    ],
}

TOPICS = [ROYAL_LIFE, THRONE, YOUNG_ROYAL, VILLAGE_LIFE, WORK, CHILDHOOD, MEALS, ORANGE_FRUIT, ORANGE_COLOUR,
          FARM_ANIMALS, BAT_ANIMAL, BAT_BALL, TRAVEL, VEHICLES, RIVER_BANK, MONEY_BANK, HAPPY]
