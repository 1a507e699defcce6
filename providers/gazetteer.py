"""The built-in gazetteer: districts, streets and landmarks of the four demo municipalities, for offline geocoding."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    """A municipality (kommune) as the gazetteer knows it: its name and a bounding box around it."""

    number: str
    name: str
    south: float
    west: float
    north: float
    east: float

    def contains(self, latitude: float, longitude: float) -> bool:
        """Whether a point lies inside the bounding box."""
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


@dataclass(frozen=True)
class Entry:
    """One named place: a district (bydel, strøk), a street, a station or a landmark."""

    name: str
    municipality: str
    latitude: float
    longitude: float
    aliases: tuple[str, ...] = ()


# Boxes drawn around each municipality's borders after the 2020 mergers (Kristiansand with Søgne and Songdalen,
# Trondheim with Klæbu). A box also covers a strip of each neighbour, so it narrows a search; it is no border test.
AREAS: dict[str, Area] = {
    area.number: area
    for area in (
        Area("0301", "Oslo", 59.80, 10.48, 60.14, 10.96),
        Area("4601", "Bergen", 60.18, 5.00, 60.54, 5.60),
        Area("5001", "Trondheim", 63.24, 9.99, 63.49, 10.72),
        Area("4204", "Kristiansand", 58.00, 7.55, 58.36, 8.25),
    )
}


def _places(
    municipality: str, *rows: tuple[str, float, float] | tuple[str, float, float, tuple[str, ...]]
) -> list[Entry]:
    return [Entry(row[0], municipality, row[1], row[2], row[3] if len(row) == 4 else ()) for row in rows]


# In each municipality the city itself comes first, then districts, streets, stations and landmarks; among equally
# good matches the earlier entry wins.
ENTRIES: tuple[Entry, ...] = (
    *_places(
        "0301",
        ("Oslo", 59.9139, 10.7522, ("Oslo sentrum",)),
        ("Grünerløkka", 59.9225, 10.7590, ("Løkka",)),
        ("Tøyen", 59.9152, 10.7753),
        ("Grønland", 59.9128, 10.7610),
        ("Gamle Oslo", 59.9040, 10.7770),
        ("Sagene", 59.9370, 10.7540),
        ("St. Hanshaugen", 59.9270, 10.7400),
        ("Majorstuen", 59.9295, 10.7150),
        ("Frogner", 59.9210, 10.7040),
        ("Bjørvika", 59.9070, 10.7540),
        ("Holmlia", 59.8350, 10.7950),
        ("Stovner", 59.9620, 10.9240),
        ("Grorud", 59.9610, 10.8800),
        ("Bjerke", 59.9420, 10.8100),
        ("Alna", 59.9300, 10.8500),
        ("Østensjø", 59.8870, 10.8330),
        ("Nordstrand", 59.8600, 10.7900),
        ("Søndre Nordstrand", 59.8380, 10.8050),
        ("Nordre Aker", 59.9530, 10.7560),
        ("Vestre Aker", 59.9580, 10.6700),
        ("Ullern", 59.9250, 10.6550),
        ("Karl Johans gate", 59.9133, 10.7400, ("Karl Johan",)),
        ("Storgata", 59.9152, 10.7530),
        ("Thorvald Meyers gate", 59.9235, 10.7592),
        ("Torggata", 59.9160, 10.7500),
        ("Bogstadveien", 59.9250, 10.7190),
        ("Dronningens gate", 59.9105, 10.7440),
        ("Oslo S", 59.9110, 10.7503, ("Oslo sentralstasjon", "Jernbanetorget")),
        ("Nationaltheatret", 59.9145, 10.7336),
        ("Youngstorget", 59.9150, 10.7490),
        ("Aker brygge", 59.9105, 10.7270),
        ("Operahuset", 59.9075, 10.7530, ("Operaen",)),
        ("Slottet", 59.9170, 10.7274, ("Det kongelige slott",)),
        ("Vigelandsparken", 59.9270, 10.7005, ("Frognerparken",)),
    ),
    *_places(
        "4601",
        ("Bergen", 60.3929, 5.3241, ("Bergen sentrum",)),
        ("Bergenhus", 60.3950, 5.3250),
        ("Bryggen", 60.3975, 5.3243),
        ("Sandviken", 60.4120, 5.3220),
        ("Nordnes", 60.3990, 5.3110),
        ("Møhlenpris", 60.3830, 5.3170),
        ("Nygårdshøyden", 60.3870, 5.3190),
        ("Danmarksplass", 60.3720, 5.3500),
        ("Årstad", 60.3700, 5.3400),
        ("Laksevåg", 60.3850, 5.2950),
        ("Loddefjord", 60.3620, 5.2300),
        ("Fyllingsdalen", 60.3530, 5.2900),
        ("Fana", 60.2700, 5.3450),
        ("Nesttun", 60.3197, 5.3549),
        ("Ytrebygda", 60.2950, 5.2400),
        ("Åsane", 60.4660, 5.3230),
        ("Arna", 60.4200, 5.4700),
        ("Torgallmenningen", 60.3925, 5.3240),
        ("Strandgaten", 60.3945, 5.3190),
        ("Kong Oscars gate", 60.3945, 5.3300),
        ("Ole Bulls plass", 60.3918, 5.3230),
        ("Bergen stasjon", 60.3903, 5.3330, ("Bergen jernbanestasjon",)),
        ("Bergen busstasjon", 60.3890, 5.3355),
        ("Fisketorget", 60.3948, 5.3250),
        ("Haukeland sykehus", 60.3735, 5.3590, ("Haukeland universitetssjukehus",)),
        ("Fløyen", 60.3945, 5.3440),
    ),
    *_places(
        "5001",
        ("Trondheim", 63.4305, 10.3951, ("Trondheim sentrum",)),
        ("Midtbyen", 63.4305, 10.3951),
        ("Bakklandet", 63.4290, 10.4040),
        ("Møllenberg", 63.4320, 10.4130),
        ("Lademoen", 63.4350, 10.4200),
        ("Solsiden", 63.4345, 10.4110),
        ("Lade", 63.4450, 10.4430),
        ("Ila", 63.4320, 10.3700),
        ("Elgeseter", 63.4200, 10.3950),
        ("Byåsen", 63.4130, 10.3500),
        ("Lerkendal", 63.4120, 10.4050),
        ("Moholt", 63.4110, 10.4330),
        ("Strindheim", 63.4300, 10.4600),
        ("Ranheim", 63.4280, 10.5290),
        ("Heimdal", 63.3500, 10.3570),
        ("Tiller", 63.3590, 10.3800),
        ("Saupstad", 63.3690, 10.3550),
        ("Kolstad", 63.3630, 10.3580),
        ("Klæbu", 63.3000, 10.4850),
        ("Olav Tryggvasons gate", 63.4325, 10.3980),
        ("Nordre gate", 63.4320, 10.3960),
        ("Kongens gate", 63.4300, 10.3920),
        ("Dronningens gate", 63.4315, 10.3960),
        ("Torvet", 63.4305, 10.3950, ("Torget",)),
        ("Trondheim S", 63.4365, 10.3990, ("Trondheim sentralstasjon",)),
        ("Nidarosdomen", 63.4269, 10.3969, ("Nidaros domkirke",)),
        ("Gløshaugen", 63.4190, 10.4020),
        ("St. Olavs hospital", 63.4210, 10.3880),
    ),
    *_places(
        "4204",
        ("Kristiansand", 58.1467, 7.9956, ("Kristiansand sentrum",)),
        ("Kvadraturen", 58.1460, 7.9950),
        ("Posebyen", 58.1490, 7.9930),
        ("Lund", 58.1500, 8.0150),
        ("Grim", 58.1570, 7.9800),
        ("Eg", 58.1700, 7.9950),
        ("Vågsbygd", 58.1230, 7.9330),
        ("Slettheia", 58.1400, 7.9400),
        ("Tinnheia", 58.1480, 7.9500),
        ("Hellemyr", 58.1430, 7.9100),
        ("Hånes", 58.1600, 8.0550),
        ("Søm", 58.1380, 8.0650),
        ("Randesund", 58.1300, 8.0900),
        ("Tveit", 58.2100, 8.1050),
        ("Søgne", 58.0880, 7.8000, ("Tangvall",)),
        ("Nodeland", 58.1530, 7.8200),
        ("Markens gate", 58.1463, 7.9944, ("Markens",)),
        ("Dronningens gate", 58.1455, 7.9960),
        ("Kongens gate", 58.1470, 7.9990),
        ("Torvet", 58.1460, 7.9960),
        ("Kristiansand stasjon", 58.1450, 7.9890, ("Kristiansand jernbanestasjon",)),
        ("Fiskebrygga", 58.1425, 7.9940),
        ("Odderøya", 58.1370, 7.9930),
        ("Bystranda", 58.1440, 8.0020),
        ("Kilden", 58.1419, 7.9989, ("Kilden teater- og konserthus",)),
        ("Sørlandet sykehus", 58.1725, 7.9985),
    ),
)
