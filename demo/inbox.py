"""Synthetic demo inbox: national submissions in EN/ES/FR with a few planted errors, plus the real annex.

Everything written here except the UNODC annex copy is invented for demonstration: file names start with
``SYNTHETIC_`` and every file opens with a title row saying so.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from config.settings import ANNEX_FILE

Cell = str | int | float | dt.date | None
Record = dict[str, Cell]

YEARS = tuple(range(2007, 2012))
ENGLISH_TITLE = "SYNTHETIC DEMO DATA – not official statistics"
TITLES = {
    "en": ENGLISH_TITLE,
    "es": f"DATOS SINTÉTICOS DE DEMOSTRACIÓN – no son estadísticas oficiales / {ENGLISH_TITLE}",
    "fr": "DONNÉES SYNTHÉTIQUES DE DÉMONSTRATION – ne sont pas des statistiques officielles / "
    + ENGLISH_TITLE,
}
SHEETS = {"en": "Seizures", "es": "Incautaciones", "fr": "Saisies"}
ANNUAL_STEMS = {
    "en": "annual_seizure_totals_2007-2011",
    "es": "incautaciones_anuales_2007-2011",
    "fr": "saisies_annuelles_2007-2011",
}
ANNUAL_HEADERS = {
    "en": {
        "country": ("Country",),
        "code": ("Country code", "ISO3"),
        "year": ("Year",),
        "drug": ("Drug",),
        "qty": ("Quantity",),
        "unit": ("Unit",),
        "cases": ("Number of seizures",),
    },
    "es": {
        "country": ("País",),
        "code": ("Código ISO",),
        "year": ("Año",),
        "drug": ("Droga", "Sustancia"),
        "qty": ("Cantidad", "Cantidad incautada"),
        "unit": ("Unidad", "Unidad de medida"),
        "cases": ("Número de incautaciones",),
    },
    "fr": {
        "country": ("Pays",),
        "code": ("Code pays",),
        "year": ("Année",),
        "drug": ("Drogue", "Substance"),
        "qty": ("Quantité", "Quantité saisie"),
        "unit": ("Unité",),
        "cases": ("Nombre de saisies",),
    },
}
CASE_HEADERS = {
    "en": (
        "Date",
        "Country",
        "Drug",
        "Quantity",
        "Unit",
        "Mode of transport",
        "Conveyance",
        "Place",
        "Country of origin",
        "Destination",
        "Agency",
        "Case reference",
    ),
    "es": (
        "Fecha",
        "País",
        "Droga",
        "Cantidad",
        "Unidad",
        "Medio de transporte",
        "Vehículo",
        "Lugar",
        "País de origen",
        "País de destino",
        "Institución",
        "Número de caso",
    ),
    "fr": (
        "Date de saisie",
        "Pays",
        "Drogue",
        "Quantité",
        "Unité",
        "Mode de transport",
        "Type de véhicule",
        "Lieu de saisie",
        "Pays d'origine",
        "Pays de destination",
        "Service",
        "Numéro de dossier",
    ),
}
DRUGS = {
    "cocaine_hcl": {
        "en": "Cocaine hydrochloride",
        "es": "Clorhidrato de cocaína",
        "fr": "Chlorhydrate de cocaïne",
    },
    "base_paste": {"en": "Cocaine base paste", "es": "Pasta básica de cocaína"},
    "herb": {"en": "Cannabis herb", "es": "Marihuana", "fr": "Herbe de cannabis"},
    "marijuana": {"en": "Marijuana", "es": "Marihuana"},
    "resin": {"en": "Cannabis resin", "es": "Resina de cannabis", "fr": "Résine de cannabis"},
    "heroin": {"en": "Heroin", "es": "Heroína", "fr": "Héroïne"},
    "opium": {"en": "Opium", "es": "Opio"},
    "meth": {"en": "Methamphetamine", "es": "Metanfetamina", "fr": "Méthamphétamine"},
    "mdma": {"en": "MDMA (ecstasy)", "es": "Éxtasis", "fr": "Ecstasy (MDMA)"},
    "plants": {"en": "Cannabis plants", "es": "Plantas de cannabis", "fr": "Plants de cannabis"},
    "crack": {"en": "Crack cocaine", "es": "Crack", "fr": "Crack"},
    "coca_leaf": {"en": "Coca leaf", "es": "Hoja de coca", "fr": "Feuille de coca"},
    "kmno4": {
        "en": "Potassium permanganate",
        "es": "Permanganato de potasio",
        "fr": "Permanganate de potassium",
    },
    "cocaine_total": {"en": "Cocaine (total)", "es": "Cocaína (total)", "fr": "Cocaïne (total)"},
    "amphetamine": {"en": "Amphetamine"},
    "morphine": {"en": "Morphine"},
    "bazuco": {"es": "Bazuco"},
}
COCAINE_PARTS = ("cocaine_hcl", "base_paste", "crack", "bazuco")
UNIT_DECIMALS = {
    "kg": 1,
    "kilogramos": 1,
    "kilogrammes": 1,
    "l": 1,
    "litres": 1,
    "litros": 1,
    "t": 2,
    "tonnes": 2,
    "toneladas": 2,
}

DrugLine = tuple[str, str, float, float]  # drug key, unit label, low, high (in that unit)


@dataclass(frozen=True, kw_only=True)
class Layout:
    """How a file is written: format (xlsx, csv, csv-eu), language and the rows above the header."""

    fmt: str
    lang: str
    notes: str | None = None
    sheet: str | None = None
    merge_title: bool = False


@dataclass(frozen=True, kw_only=True)
class Annual(Layout):
    """One country's annual totals file."""

    iso3: str
    country: str
    columns: tuple[str, ...] = ("country", "year", "drug", "qty", "unit")
    drugs: tuple[DrugLine, ...]
    variant: int = 0
    cases: tuple[int, int] = (10, 2500)
    gaps: bool = False
    wide: bool = False
    not_reported: tuple[str, ...] = ()  # wide files: drugs listed with no figure in any year
    name: str | None = None


@dataclass(frozen=True)
class Scenario:
    """A kind of seizure case: how, what, how much, where, from and to, by whom."""

    weight: int
    mode: str
    conveyance: str
    drugs: tuple[str, ...]
    unit: str
    low: float
    high: float
    places: tuple[str, ...]
    origins: tuple[str, ...]
    destinations: tuple[str, ...]
    agencies: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CaseFile(Layout):
    """One country's case-level seizure records for 2011."""

    iso3: str
    country: str
    name: str
    prefix: str
    scenarios: tuple[Scenario, ...]
    count: tuple[int, int] = (80, 120)


ES_NOTE = (
    "Fuente: institución nacional (ficticia). Cifras inventadas para la demostración del almacén HONLEA."
)
EN_NOTE = "Source: national agency (fictitious). Figures invented to demonstrate the HONLEA warehouse."
FR_NOTE = "Source : service national (fictif). Chiffres inventés pour la démonstration de l'entrepôt HONLEA."

ANNUAL = (
    Annual(
        iso3="ARG",
        lang="es",
        fmt="csv-eu",
        country="Argentina",
        variant=1,
        gaps=True,
        columns=("country", "year", "drug", "qty", "unit", "cases"),
        drugs=(
            ("cocaine_hcl", "kg", 5000, 12000),
            ("base_paste", "kg", 800, 2500),
            ("herb", "kilogramos", 50000, 100000),
            ("plants", "plantas", 5000, 40000),
            ("mdma", "pastillas", 20000, 150000),
            ("coca_leaf", "kg", 20000, 60000),
            ("kmno4", "kg", 50, 800),
        ),
    ),
    Annual(
        iso3="BHS",
        lang="en",
        fmt="csv",
        country="Bahamas",
        columns=("year", "country", "drug", "qty", "unit"),
        drugs=(
            ("cocaine_hcl", "kg", 1000, 4000),
            ("marijuana", "kg", 2000, 8000),
            ("plants", "plants", 1000, 20000),
            ("crack", "kg", 1, 15),
            ("mdma", "tablets", 200, 3000),
            ("heroin", "kg", 0.5, 5),
        ),
    ),
    Annual(
        iso3="BOL",
        lang="es",
        fmt="xlsx",
        country="Bolivia (Estado Plurinacional de)",
        notes=ES_NOTE,
        columns=("code", "country", "year", "drug", "qty", "unit"),
        drugs=(
            ("cocaine_hcl", "kg", 8000, 12000),
            ("base_paste", "kg", 17000, 24000),
            ("cocaine_total", "kg", 0, 0),
            ("herb", "kg", 100000, 400000),
            ("coca_leaf", "toneladas", 800, 2000),
            ("plants", "plantas", 10000, 200000),
            ("kmno4", "kg", 1000, 8000),
        ),
    ),
    Annual(
        iso3="CAN",
        lang="en",
        fmt="xlsx",
        country="Canada",
        cases=(40, 9000),
        columns=("country", "year", "drug", "unit", "qty", "cases"),
        drugs=(
            ("cocaine_hcl", "kg", 1000, 3000),
            ("herb", "kg", 15000, 40000),
            ("resin", "kg", 300, 2000),
            ("plants", "plants", 500000, 1500000),
            ("heroin", "kg", 50, 150),
            ("meth", "kg", 100, 500),
            ("mdma", "tablets", 500000, 3000000),
            ("opium", "kg", 50, 300),
        ),
    ),
    Annual(
        iso3="CHL",
        lang="es",
        fmt="xlsx",
        country="Chile",
        variant=1,
        columns=("year", "country", "drug", "qty", "unit"),
        drugs=(
            ("cocaine_hcl", "kg", 3000, 6000),
            ("base_paste", "kg", 8000, 12000),
            ("herb", "kg", 5000, 15000),
            ("plants", "plantas", 100000, 400000),
            ("mdma", "pastillas", 5000, 30000),
            ("kmno4", "kg", 100, 2000),
        ),
    ),
    Annual(
        iso3="COL",
        lang="es",
        fmt="csv-eu",
        country="Colombia",
        notes=ES_NOTE,
        columns=("code", "year", "drug", "unit", "qty", "cases"),
        cases=(200, 12000),
        drugs=(
            ("cocaine_hcl", "kg", 150000, 250000),
            ("base_paste", "kg", 30000, 60000),
            ("bazuco", "kg", 2000, 6000),
            ("cocaine_total", "kg", 0, 0),
            ("herb", "kg", 200000, 400000),
            ("heroin", "kg", 500, 1500),
            ("coca_leaf", "toneladas", 300, 700),
            ("kmno4", "kg", 20000, 100000),
        ),
    ),
    Annual(
        iso3="CUB",
        lang="es",
        fmt="xlsx",
        country="República de Cuba",
        columns=("country", "year", "drug", "qty", "unit"),
        drugs=(
            ("herb", "kg", 1000, 3000),
            ("cocaine_hcl", "kg", 50, 200),
            ("resin", "kg", 20, 300),
            ("plants", "plantas", 500, 5000),
            ("crack", "kg", 1, 10),
            ("mdma", "pastillas", 100, 2000),
        ),
    ),
    Annual(
        iso3="ECU",
        lang="es",
        fmt="csv",
        country="Ecuador",
        variant=1,
        columns=("country", "code", "year", "drug", "qty", "unit", "cases"),
        drugs=(
            ("cocaine_hcl", "kg", 20000, 70000),
            ("base_paste", "kg", 3000, 12000),
            ("herb", "kg", 5000, 15000),
            ("heroin", "kg", 100, 300),
            ("plants", "plantas", 10000, 200000),
            ("kmno4", "kg", 500, 5000),
            ("mdma", "pastillas", 100, 3000),
        ),
    ),
    Annual(
        iso3="FRA",
        lang="fr",
        fmt="csv-eu",
        country="France",
        notes=FR_NOTE,
        columns=("country", "code", "year", "drug", "qty", "unit", "cases"),
        cases=(50, 20000),
        drugs=(
            ("cocaine_hcl", "kg", 5000, 10000),
            ("herb", "kg", 3000, 6000),
            ("resin", "tonnes", 50, 70),
            ("heroin", "kg", 700, 1200),
            ("mdma", "comprimés", 100000, 1000000),
            ("plants", "plants", 50000, 150000),
            ("crack", "kg", 5, 25),
            ("meth", "kg", 1, 10),
        ),
    ),
    Annual(
        iso3="DEU",
        lang="en",
        fmt="xlsx",
        country="Germany",
        wide=True,
        not_reported=("morphine",),
        sheet="Sheet1",
        name="SYNTHETIC_DEU_annual_seizure_totals_by_year.xlsx",
        drugs=(
            ("cocaine_hcl", "kg", 1000, 3000),
            ("herb", "kg", 3000, 8000),
            ("resin", "kg", 1500, 4000),
            ("heroin", "kg", 500, 1000),
            ("amphetamine", "kg", 1000, 2000),
            ("mdma", "tablets", 200000, 1000000),
            ("plants", "plants", 80000, 150000),
            ("meth", "kg", 3, 20),
        ),
    ),
    Annual(
        iso3="GTM",
        lang="es",
        fmt="csv-eu",
        country="Guatemala",
        columns=("year", "country", "drug", "qty", "unit"),
        drugs=(
            ("cocaine_hcl", "kg", 2000, 10000),
            ("herb", "kg", 1000, 8000),
            ("plants", "plantas", 500000, 4000000),
            ("heroin", "kg", 10, 60),
            ("opium", "kg", 10, 100),
            ("meth", "kg", 10, 200),
        ),
    ),
    Annual(
        iso3="ITA",
        lang="en",
        fmt="csv",
        country="Italy",
        columns=("drug", "year", "country", "unit", "qty", "cases"),
        cases=(30, 6000),
        drugs=(
            ("cocaine_hcl", "kg", 3000, 6000),
            ("herb", "kg", 10000, 40000),
            ("resin", "kg", 15000, 30000),
            ("heroin", "kg", 800, 1500),
            ("plants", "plants", 1000000, 4000000),
            ("mdma", "tablets", 10000, 50000),
            ("amphetamine", "kg", 5, 30),
        ),
    ),
    Annual(
        iso3="JAM",
        lang="en",
        fmt="xlsx",
        country="Jamaica",
        notes=EN_NOTE,
        cases=(10, 4000),
        columns=("country", "year", "drug", "qty", "unit", "cases"),
        drugs=(
            ("herb", "tonnes", 20, 80),
            ("resin", "kg", 20, 400),
            ("plants", "plants", 200000, 2000000),
            ("cocaine_hcl", "kg", 50, 500),
            ("crack", "kg", 1, 20),
            ("heroin", "kg", 0.1, 5),
        ),
    ),
    Annual(
        iso3="MEX",
        lang="es",
        fmt="xlsx",
        country="México",
        variant=1,
        merge_title=True,
        sheet="Informe 2012",
        name="SYNTHETIC_MEX_informe_2012.xlsx",
        columns=("year", "country", "drug", "unit", "qty"),
        drugs=(
            ("herb", "toneladas", 1500, 2300),
            ("cocaine_hcl", "toneladas", 10, 50),
            ("meth", "toneladas", 10, 30),
            ("heroin", "kg", 200, 600),
            ("opium", "kg", 500, 1500),
            ("mdma", "pastillas", 5000, 200000),
            ("kmno4", "kg", 100, 5000),
        ),
    ),
    Annual(
        iso3="PAN",
        lang="es",
        fmt="csv",
        country="Panamá",
        columns=("country", "year", "drug", "qty", "unit"),
        drugs=(
            ("cocaine_hcl", "kg", 50000, 80000),
            ("herb", "kg", 5000, 15000),
            ("heroin", "kg", 50, 200),
            ("crack", "kg", 5, 50),
            ("mdma", "pastillas", 100, 5000),
            ("plants", "plantas", 100, 5000),
        ),
    ),
    Annual(
        iso3="PRY",
        lang="es",
        fmt="xlsx",
        country="Paraguay",
        variant=1,
        cases=(20, 1500),
        columns=("drug", "year", "country", "qty", "unit", "cases"),
        drugs=(
            ("herb", "kg", 300000, 800000),
            ("plants", "plantas", 1000000, 5000000),
            ("cocaine_hcl", "kg", 500, 3000),
            ("base_paste", "kg", 50, 500),
            ("crack", "kg", 10, 50),
            ("mdma", "pastillas", 100, 2000),
        ),
    ),
    Annual(
        iso3="PER",
        lang="es",
        fmt="csv-eu",
        country="Perú",
        columns=("country", "year", "drug", "unit", "qty", "cases"),
        drugs=(
            ("cocaine_hcl", "kg", 10000, 18000),
            ("base_paste", "kg", 6000, 14000),
            ("cocaine_total", "kg", 0, 0),
            ("herb", "kg", 5000, 15000),
            ("coca_leaf", "toneladas", 150, 400),
            ("opium", "kg", 20, 200),
            ("kmno4", "kg", 1000, 10000),
        ),
    ),
    Annual(
        iso3="ESP",
        lang="es",
        fmt="xlsx",
        country="España",
        variant=1,
        cases=(100, 30000),
        columns=("country", "year", "drug", "qty", "unit", "cases"),
        drugs=(
            ("cocaine_hcl", "kg", 25000, 30000),
            ("resin", "toneladas", 350, 450),
            ("herb", "kg", 10000, 30000),
            ("heroin", "kg", 200, 500),
            ("mdma", "comprimidos", 100000, 500000),
            ("plants", "plantas", 50000, 300000),
            ("meth", "kg", 1, 50),
        ),
    ),
    Annual(
        iso3="TTO",
        lang="en",
        fmt="csv",
        country="Trinidad and Tobago",
        columns=("country", "year", "drug", "qty", "unit"),
        drugs=(
            ("cocaine_hcl", "kg", 50, 400),
            ("marijuana", "kg", 2000, 10000),
            ("plants", "plants", 100000, 1000000),
            ("crack", "kg", 1, 10),
            ("heroin", "kg", 0.5, 5),
            ("mdma", "tablets", 50, 1000),
        ),
    ),
    Annual(
        iso3="GBR",
        lang="en",
        fmt="xlsx",
        country="United Kingdom of Great Britain and Northern Ireland",
        sheet="Seizures 2007-2011",
        gaps=True,
        columns=("year", "drug", "qty", "unit", "country"),
        drugs=(
            ("cocaine_hcl", "kg", 2500, 4000),
            ("herb", "kg", 15000, 25000),
            ("resin", "kg", 15000, 25000),
            ("heroin", "kg", 1000, 1500),
            ("plants", "plants", 400000, 700000),
            ("amphetamine", "kg", 1000, 3000),
            ("mdma", "tablets", 500000, 2000000),
            ("crack", "kg", 30, 60),
        ),
    ),
    Annual(
        iso3="USA",
        lang="en",
        fmt="csv",
        country="United States of America",
        variant=1,
        columns=("code", "country", "year", "drug", "qty", "unit"),
        drugs=(
            ("cocaine_hcl", "kg", 100000, 150000),
            ("herb", "lb", 3300000, 5500000),
            ("heroin", "kg", 2000, 3000),
            ("meth", "kg", 5000, 10000),
            ("mdma", "tablets", 2000000, 8000000),
            ("plants", "plants", 7000000, 10000000),
            ("morphine", "kg", 1, 20),
        ),
    ),
    Annual(
        iso3="URY",
        lang="es",
        fmt="csv-eu",
        country="República Oriental del Uruguay",
        variant=1,
        columns=("country", "year", "drug", "qty", "unit"),
        drugs=(
            ("herb", "kg", 1000, 3000),
            ("cocaine_hcl", "kg", 50, 500),
            ("base_paste", "kg", 30, 150),
            ("plants", "plantas", 200, 3000),
            ("mdma", "pastillas", 100, 2000),
            ("resin", "kg", 1, 10),
        ),
    ),
    Annual(
        iso3="VEN",
        lang="es",
        fmt="xlsx",
        country="República Bolivariana de Venezuela",
        columns=("year", "country", "drug", "qty", "unit"),
        drugs=(
            ("cocaine_hcl", "kg", 30000, 60000),
            ("herb", "kg", 10000, 30000),
            ("heroin", "kg", 50, 200),
            ("base_paste", "kg", 1000, 5000),
            ("crack", "kg", 10, 100),
            ("kmno4", "kg", 100, 3000),
            ("plants", "plantas", 1000, 50000),
        ),
    ),
)

ECU_AGENCIES = ("Policía Nacional – Dirección Nacional Antinarcóticos",)
ECU_PORTS = ("Guayaquil – Puerto Marítimo", "Puerto Bolívar (Machala)")
ECU_COAST = ("Esmeraldas", "San Lorenzo", "Manta", "Santa Elena")
ECU_AIRPORTS = ("Aeropuerto José Joaquín de Olmedo (Guayaquil)", "Aeropuerto Mariscal Sucre (Quito)")
ECU_SCENARIOS = (
    Scenario(
        20,
        "marítimo",
        "contenedor",
        ("Clorhidrato de cocaína",),
        "kg",
        100,
        2000,
        ECU_PORTS,
        ("Ecuador", "Colombia"),
        ("España", "Países Bajos", "Bélgica", "Estados Unidos", "México"),
        (*ECU_AGENCIES, "Servicio Nacional de Aduana del Ecuador"),
    ),
    Scenario(
        3,
        "marítimo",
        "semisumergible",
        ("Clorhidrato de cocaína",),
        "kg",
        2000,
        8000,
        ECU_COAST[:2],
        ("Colombia",),
        ("México", "Guatemala", "Estados Unidos"),
        (*ECU_AGENCIES, "Armada del Ecuador"),
    ),
    Scenario(
        10,
        "marítimo",
        "lancha rápida",
        ("Clorhidrato de cocaína",),
        "kg",
        300,
        1500,
        ECU_COAST,
        ("Colombia",),
        ("Guatemala", "México", "Honduras"),
        (*ECU_AGENCIES, "Armada del Ecuador"),
    ),
    Scenario(
        5,
        "marítimo",
        "buque pesquero",
        ("Clorhidrato de cocaína",),
        "kg",
        500,
        3000,
        ECU_COAST[2:],
        ("Colombia", "Ecuador"),
        ("México", "Guatemala"),
        ("Armada del Ecuador",),
    ),
    Scenario(
        25,
        "aéreo",
        "correo humano",
        ("Clorhidrato de cocaína", "Clorhidrato de cocaína", "Heroína"),
        "kg",
        0.5,
        5,
        ECU_AIRPORTS,
        ("Ecuador",),
        ("España", "Países Bajos", "Estados Unidos", "Italia"),
        ECU_AGENCIES,
    ),
    Scenario(
        12,
        "postal",
        "paquete",
        ("Clorhidrato de cocaína", "Clorhidrato de cocaína", "Heroína"),
        "gramos",
        20,
        2000,
        ("Centro de Clasificación Postal – Quito", "Centro de Clasificación Postal – Guayaquil"),
        ("Ecuador",),
        ("España", "Estados Unidos", "Italia", "Chile"),
        ECU_AGENCIES,
    ),
    Scenario(
        15,
        "terrestre",
        "vehículo",
        ("Marihuana", "Clorhidrato de cocaína", "Pasta básica de cocaína"),
        "kg",
        5,
        500,
        ("Huaquillas", "Tulcán – Rumichaca", "Lago Agrio", "Quito"),
        ("Colombia", "Perú", "Ecuador"),
        ("Ecuador", "Perú", "Chile"),
        ECU_AGENCIES,
    ),
    Scenario(
        6,
        "fluvial",
        "lancha rápida",
        ("Pasta básica de cocaína", "Clorhidrato de cocaína"),
        "kg",
        50,
        500,
        ("Río Putumayo (Sucumbíos)", "Río San Miguel (Sucumbíos)"),
        ("Colombia",),
        ("Ecuador",),
        (*ECU_AGENCIES, "Ejército Ecuatoriano"),
    ),
)

JAM_AGENCIES = ("Jamaica Constabulary Force – Narcotics Division",)
JAM_COAST = (
    "Alligator Pond (St. Elizabeth)",
    "Negril (Westmoreland)",
    "Port Antonio (Portland)",
    "Old Harbour Bay (St. Catherine)",
)
JAM_AIRPORTS = (
    "Norman Manley International Airport (Kingston)",
    "Sangster International Airport (Montego Bay)",
)
JAM_SCENARIOS = (
    Scenario(
        12,
        "sea",
        "container",
        ("Cocaine hydrochloride",),
        "kg",
        100,
        2000,
        ("Kingston Container Terminal", "Port of Montego Bay"),
        ("Colombia", "Venezuela", "Panama", "Ecuador"),
        ("United States", "United Kingdom", "Canada", "Netherlands"),
        (*JAM_AGENCIES, "Jamaica Customs Agency"),
    ),
    Scenario(
        20,
        "sea",
        "fishing vessel",
        ("Cannabis herb",),
        "kg",
        20,
        800,
        JAM_COAST,
        ("Jamaica",),
        ("Haiti", "Bahamas", "Honduras", "Colombia"),
        (*JAM_AGENCIES, "Jamaica Defence Force Coast Guard"),
    ),
    Scenario(
        6,
        "sea",
        "go-fast boat",
        ("Cocaine hydrochloride", "Cannabis herb"),
        "kg",
        300,
        1500,
        JAM_COAST,
        ("Colombia", "Venezuela", "Jamaica"),
        ("Bahamas", "United States", "Haiti"),
        ("Jamaica Defence Force Coast Guard",),
    ),
    Scenario(
        3,
        "air",
        "light aircraft",
        ("Cocaine hydrochloride",),
        "kg",
        200,
        800,
        ("Pedro Cays", "Vernamfield (Clarendon)"),
        ("Venezuela", "Colombia"),
        ("Jamaica", "Honduras"),
        JAM_AGENCIES,
    ),
    Scenario(
        22,
        "air",
        "courier",
        ("Cocaine hydrochloride", "Cannabis herb"),
        "kg",
        0.5,
        5,
        JAM_AIRPORTS,
        ("Jamaica",),
        ("United Kingdom", "United States", "Canada"),
        (*JAM_AGENCIES, "Jamaica Customs Agency"),
    ),
    Scenario(
        10,
        "postal",
        "parcel",
        ("Cannabis herb", "Cocaine hydrochloride"),
        "g",
        50,
        2000,
        ("Central Sorting Office (Kingston)",),
        ("Jamaica",),
        ("United States", "Canada", "United Kingdom"),
        ("Jamaica Customs Agency",),
    ),
    Scenario(
        15,
        "land",
        "vehicle",
        ("Cannabis herb",),
        "kg",
        10,
        500,
        ("Kingston", "Spanish Town", "May Pen", "Savanna-la-Mar"),
        ("Jamaica",),
        ("Jamaica",),
        JAM_AGENCIES,
    ),
)

FRA_CUSTOMS = "Douane – Direction régionale des garde-côtes des Antilles"
FRA_OCRTIS = "Office central pour la répression du trafic illicite des stupéfiants (OCRTIS)"
FRA_COAST = (
    "Le Robert (Martinique)",
    "Baie de Fort-de-France (Martinique)",
    "Sainte-Rose (Guadeloupe)",
    "Marigot (Saint-Martin)",
)
FRA_SCENARIOS = (
    Scenario(
        25,
        "aérien",
        "passeur",
        ("Chlorhydrate de cocaïne",),
        "kg",
        0.5,
        5,
        (
            "Aéroport Félix Éboué (Cayenne)",
            "Aéroport Aimé Césaire (Fort-de-France)",
            "Aéroport Pointe-à-Pitre – Le Raizet",
        ),
        ("Suriname", "Guyana", "Brésil", "Venezuela"),
        ("France", "Pays-Bas", "Belgique"),
        ("Douane – Aéroport", FRA_OCRTIS),
    ),
    Scenario(
        10,
        "maritime",
        "go-fast",
        ("Chlorhydrate de cocaïne",),
        "kg",
        300,
        1500,
        FRA_COAST,
        ("Venezuela", "Colombie", "Sainte-Lucie", "Dominique"),
        ("France", "Pays-Bas", "Espagne"),
        (FRA_CUSTOMS, FRA_OCRTIS),
    ),
    Scenario(
        8,
        "maritime",
        "conteneur",
        ("Chlorhydrate de cocaïne",),
        "kg",
        100,
        2000,
        ("Port de Jarry (Guadeloupe)", "Grand port maritime de la Martinique (Fort-de-France)"),
        ("Colombie", "Venezuela", "République dominicaine"),
        ("France", "Belgique", "Pays-Bas"),
        (FRA_CUSTOMS,),
    ),
    Scenario(
        12,
        "maritime",
        "navire de pêche",
        ("Herbe de cannabis",),
        "kg",
        20,
        300,
        FRA_COAST,
        ("Sainte-Lucie", "Saint-Vincent-et-les-Grenadines", "Dominique"),
        ("France",),
        (FRA_CUSTOMS, "Gendarmerie nationale"),
    ),
    Scenario(
        12,
        "postal",
        "colis",
        ("Chlorhydrate de cocaïne", "Herbe de cannabis"),
        "grammes",
        20,
        2000,
        ("Centre de tri postal de Fort-de-France", "Plateforme colis de Baie-Mahault (Guadeloupe)"),
        ("France",),
        ("France", "Royaume-Uni"),
        ("Douane – Fret postal",),
    ),
    Scenario(
        15,
        "terrestre",
        "véhicule",
        ("Chlorhydrate de cocaïne", "Crack", "Herbe de cannabis"),
        "kg",
        0.1,
        50,
        (
            "Saint-Laurent-du-Maroni (Guyane)",
            "Cayenne (Guyane)",
            "Pointe-à-Pitre (Guadeloupe)",
            "Fort-de-France (Martinique)",
        ),
        ("Suriname", "Guyana", "Brésil", "Haïti"),
        ("France",),
        ("Gendarmerie nationale", "Police aux frontières"),
    ),
)

CASES = (
    CaseFile(
        iso3="ECU",
        lang="es",
        fmt="xlsx",
        country="Ecuador",
        name="SYNTHETIC_ECU_casos_incautaciones_2011.xlsx",
        prefix="DNA-2011-",
        scenarios=ECU_SCENARIOS,
        notes=ES_NOTE,
    ),
    CaseFile(
        iso3="JAM",
        lang="en",
        fmt="csv",
        country="Jamaica",
        name="SYNTHETIC_JAM_seizure_cases_2011.csv",
        prefix="JCF-ND-2011-",
        scenarios=JAM_SCENARIOS,
    ),
    CaseFile(
        iso3="FRA",
        lang="fr",
        fmt="csv-eu",
        country="France",
        name="SYNTHETIC_FRA_saisies_individuelles_2011.csv",
        prefix="ANT-2011-",
        scenarios=FRA_SCENARIOS,
        notes=FR_NOTE,
        count=(60, 90),
    ),
)

COVER_NOTE = Layout(fmt="csv-eu", lang="es")
COVER_HEADER = ("Asunto", "Fecha", "Firmado por", "Observaciones")
COVER_ROWS = (
    (
        "Remisión de las estadísticas de incautaciones 2007-2011 para la XXII Reunión de HONLEA, "
        "América Latina y el Caribe (Antigua Guatemala, 2012)",
        "14/09/2012",
        "Jefe de la Sección de Estadística (firma ficticia)",
        "Los cuadros se envían por separado.",
    ),
)
COVER_NAME = "SYNTHETIC_PAN_nota_de_remision.csv"

#: Each planted error: the file (relative to the inbox), the quality check that must catch it, what it is.
PLANTED_ERRORS = [
    {
        "file": "annual/SYNTHETIC_URY_incautaciones_anuales_2007-2011.csv",
        "check": "known_drug",
        "description": "unknown drug: last row, year 2011, drug 'Polvo de ángel azul' (12,5 kg)",
    },
    {
        "file": "annual/SYNTHETIC_BHS_annual_seizure_totals_2007-2011.csv",
        "check": "non_negative_quantity",
        "description": "negative quantity: Marijuana, 2009, quantity -250 kg",
    },
    {
        "file": "annual/SYNTHETIC_GTM_incautaciones_anuales_2007-2011.csv",
        "check": "numeric_quantity",
        "description": "text in a number: Heroína, 2008, quantity 'aprox. 15' (kg)",
    },
    {
        "file": "cases/SYNTHETIC_JAM_seizure_cases_2011.csv",
        "check": "exact_duplicate",
        "description": "duplicate: data rows 31 and 32 are identical (same case reference)",
    },
    {
        "file": "cases/SYNTHETIC_ECU_casos_incautaciones_2011.xlsx",
        "check": "plausible_date",
        "description": "future date: data row 38 is dated 2031-05-12",
    },
    {
        "file": "annual/SYNTHETIC_VEN_incautaciones_anuales_2007-2011.xlsx",
        "check": "key_conflict",
        "description": "conflict: Clorhidrato de cocaína, 2010, kg twice (again in last row), other quantity",
    },
    {
        "file": "annual/SYNTHETIC_PER_incautaciones_anuales_2007-2011.csv",
        "check": "total_vs_components",
        "description": "inconsistent total: 2009 'Cocaína (total)' is 10% below clorhidrato + pasta básica",
    },
    {
        "file": "annual/SYNTHETIC_ITA_annual_seizure_totals_2007-2011.csv",
        "check": "required_quantity",
        "description": "missing quantity: Heroin, 2010, empty quantity cell",
    },
]


def write_demo_inbox(out_dir: Path) -> list[Path]:
    """Write the synthetic submissions plus a copy of the real UNODC annex into out_dir; return the paths."""
    out_dir = Path(out_dir)
    for folder in ("unodc", "annual", "cases"):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    annex = out_dir / "unodc" / ANNEX_FILE.name
    shutil.copyfile(ANNEX_FILE, annex)
    paths = [annex]
    paths += [_write_annual(spec, out_dir / "annual") for spec in ANNUAL]
    paths += [_write_cases(spec, out_dir / "cases") for spec in CASES]
    cover = out_dir / COVER_NAME
    _write_table(cover, COVER_NOTE, COVER_HEADER, [list(row) for row in COVER_ROWS])
    return [*paths, cover]


# --- annual totals ---------------------------------------------------------------------------------------


def _write_annual(spec: Annual, folder: Path) -> Path:
    """Generate, plant and write one annual totals file."""
    records = _annual_records(spec, random.Random(f"2012-{spec.iso3}"))
    ANNUAL_PLANTS.get(spec.iso3, _no_plant)(records)
    header, body = _wide_table(spec, records) if spec.wide else _long_table(spec, records)
    ext = "xlsx" if spec.fmt == "xlsx" else "csv"
    path = folder / (spec.name or f"SYNTHETIC_{spec.iso3}_{ANNUAL_STEMS[spec.lang]}.{ext}")
    _write_table(path, spec, header, body, qty_cols=_qty_cols(spec))
    return path


def _annual_records(spec: Annual, rng: random.Random) -> list[Record]:
    """Year-by-year rows for every drug of the spec; a cocaine total is its parts plus unspecified cocaine."""
    series = {drug: _series(rng, low, high, unit) for drug, unit, low, high in spec.drugs}
    records = []
    for i, year in enumerate(YEARS):
        year_rows = []
        for drug, unit, _, _ in spec.drugs:
            if drug == "cocaine_total":
                qty, cases = _cocaine_total(year_rows, spec.lang, unit, rng)
            else:
                qty, cases = series[drug][i], rng.randint(*spec.cases)
            year_rows.append(_record(spec, year, drug, unit, qty, cases))
        records += year_rows
    return records


def _series(rng: random.Random, low: float, high: float, unit: str) -> list[float]:
    """Five yearly quantities drifting within [low, high], rounded for the unit."""
    value, out = rng.uniform(low, high), []
    for _ in YEARS:
        value *= rng.uniform(0.8, 1.25)
        if not low <= value <= high:
            value = rng.uniform(low, high)
        out.append(_round(value, unit))
    return out


def _cocaine_total(
    year_rows: Sequence[Record], lang: str, unit: str, rng: random.Random
) -> tuple[float, int]:
    """The year's cocaine parts in the same unit, plus 1-8 % unspecified cocaine, and their case count."""
    parts = _parts(year_rows, lang, unit)
    qty = sum(float(r["qty"]) for r in parts) * rng.uniform(1.01, 1.08)
    return _round(qty, unit), sum(int(r["cases"]) for r in parts)


def _parts(rows: Sequence[Record], lang: str, unit: str) -> list[Record]:
    """The cocaine-component rows among rows, in the given unit."""
    labels = {DRUGS[key].get(lang) for key in COCAINE_PARTS}
    return [r for r in rows if r["drug"] in labels and r["unit"] == unit]


def _record(spec: Annual, year: int, drug: str, unit: str, qty: float, cases: int) -> Record:
    """One annual row keyed by field name."""
    return {
        "country": spec.country,
        "code": spec.iso3,
        "year": year,
        "drug": DRUGS[drug][spec.lang],
        "qty": qty,
        "unit": unit,
        "cases": cases,
    }


def _round(value: float, unit: str) -> float | int:
    """Round a quantity to the precision its unit is reported in (counts and grams as whole numbers)."""
    decimals = UNIT_DECIMALS.get(unit, 0)
    return round(value, decimals) if decimals else round(value)


def _long_table(spec: Annual, records: list[Record]) -> tuple[list[str], list[list[Cell]]]:
    """Header and body in the spec's column order, with a blank row between years if asked."""
    names = ANNUAL_HEADERS[spec.lang]
    header = [names[col][spec.variant % len(names[col])] for col in spec.columns]
    body: list[list[Cell]] = []
    for i, rec in enumerate(records):
        if spec.gaps and i and rec["year"] != records[i - 1]["year"]:
            body.append([])
        body.append([rec[col] for col in spec.columns])
    return header, body


def _wide_table(spec: Annual, records: list[Record]) -> tuple[list[str | int], list[list[Cell]]]:
    """One row per drug and unit with one quantity column per year (and rows of drugs not reported)."""
    header: list[str | int] = ["Country", "Drug", "Unit", *YEARS]
    keys = dict.fromkeys((r["drug"], r["unit"]) for r in records)
    qty = {(r["drug"], r["unit"], r["year"]): r["qty"] for r in records}
    body = [[spec.country, drug, unit, *(qty[drug, unit, year] for year in YEARS)] for drug, unit in keys]
    body += [[spec.country, DRUGS[drug][spec.lang], "kg", *[None] * len(YEARS)] for drug in spec.not_reported]
    return header, body


def _qty_cols(spec: Annual) -> tuple[int, ...]:
    """Positions of quantity columns (formatted with the file's decimal convention)."""
    if spec.wide:
        return tuple(range(3, 3 + len(YEARS)))
    return (spec.columns.index("qty"),)


def _find(records: list[Record], year: int, drug: str) -> Record:
    """The first record of a year and drug label."""
    return next(r for r in records if r["year"] == year and r["drug"] == drug)


def _no_plant(rows: list) -> None:
    """Leave a clean file clean."""


def _plant_unknown_drug(records: list[Record]) -> None:
    """Uruguay: a drug no vocabulary knows."""
    records.append({**records[-1], "drug": "Polvo de ángel azul", "qty": 12.5, "unit": "kg"})


def _plant_negative(records: list[Record]) -> None:
    """Bahamas: a negative quantity."""
    _find(records, 2009, "Marijuana")["qty"] = -250


def _plant_text_number(records: list[Record]) -> None:
    """Guatemala: an approximate figure typed as text."""
    _find(records, 2008, "Heroína")["qty"] = "aprox. 15"


def _plant_missing(records: list[Record]) -> None:
    """Italy: an empty quantity cell."""
    _find(records, 2010, "Heroin")["qty"] = None


def _plant_conflict(records: list[Record]) -> None:
    """Venezuela: the same key sent twice with different quantities."""
    first = _find(records, 2010, "Clorhidrato de cocaína")
    records.append({**first, "qty": round(float(first["qty"]) * 0.83, 1)})


def _plant_bad_total(records: list[Record]) -> None:
    """Peru: a cocaine total below the sum of its parts."""
    year_rows = [r for r in records if r["year"] == 2009]
    parts = sum(float(r["qty"]) for r in _parts(year_rows, "es", "kg"))
    _find(records, 2009, "Cocaína (total)")["qty"] = round(parts * 0.9, 1)


ANNUAL_PLANTS: dict[str, Callable[[list[Record]], None]] = {
    "URY": _plant_unknown_drug,
    "BHS": _plant_negative,
    "GTM": _plant_text_number,
    "ITA": _plant_missing,
    "VEN": _plant_conflict,
    "PER": _plant_bad_total,
}


# --- case-level records ----------------------------------------------------------------------------------


def _write_cases(spec: CaseFile, folder: Path) -> Path:
    """Generate, plant and write one case-level file."""
    rows = _case_rows(spec, random.Random(f"2012-cases-{spec.iso3}"))
    CASE_PLANTS.get(spec.iso3, _no_plant)(rows)
    path = folder / spec.name
    _write_table(path, spec, CASE_HEADERS[spec.lang], rows, qty_cols=(3,))
    return path


def _case_rows(spec: CaseFile, rng: random.Random) -> list[list[Cell]]:
    """Cases through 2011 in date order with increasing, unique case references."""
    days = sorted(rng.randrange(365) for _ in range(rng.randint(*spec.count)))
    number, rows = rng.randint(20, 60), []
    for day in days:
        number += rng.randint(1, 9)
        date = dt.date(2011, 1, 1) + dt.timedelta(days=day)
        rows.append(_case_row(spec, rng, date, f"{spec.prefix}{number:04d}"))
    return rows


def _case_row(spec: CaseFile, rng: random.Random, date: dt.date, ref: str) -> list[Cell]:
    """One case drawn from the spec's weighted scenarios."""
    s = rng.choices(spec.scenarios, weights=[sc.weight for sc in spec.scenarios])[0]
    qty = _round(rng.uniform(s.low, s.high), s.unit)
    return [
        date,
        spec.country,
        rng.choice(s.drugs),
        qty,
        s.unit,
        s.mode,
        s.conveyance,
        rng.choice(s.places),
        rng.choice(s.origins),
        rng.choice(s.destinations),
        rng.choice(s.agencies),
        ref,
    ]


def _plant_future_date(rows: list[list[Cell]]) -> None:
    """Ecuador: one case dated twenty years ahead."""
    rows[37][0] = dt.date(2031, 5, 12)


def _plant_duplicate(rows: list[list[Cell]]) -> None:
    """Jamaica: one case sent twice."""
    rows.insert(31, list(rows[30]))


CASE_PLANTS: dict[str, Callable[[list[list[Cell]]], None]] = {
    "ECU": _plant_future_date,
    "JAM": _plant_duplicate,
}


# --- writers ---------------------------------------------------------------------------------------------


def _preamble(layout: Layout) -> list[list[Cell]]:
    """Title row, optional notes row and a blank row above the header."""
    notes = [[layout.notes]] if layout.notes else []
    return [[TITLES[layout.lang]], *notes, []]


def _write_table(
    path: Path,
    layout: Layout,
    header: Sequence[str | int],
    body: list[list[Cell]],
    qty_cols: tuple[int, ...] = (),
) -> None:
    """Write preamble, header and body as xlsx or csv according to the layout."""
    if layout.fmt == "xlsx":
        _write_xlsx(path, layout, header, body)
    else:
        _write_csv(path, layout, header, body, qty_cols)


def _write_xlsx(path: Path, layout: Layout, header: Sequence[str | int], body: list[list[Cell]]) -> None:
    """Write one sheet; merge the title across the header width if asked."""
    wb = Workbook()
    ws = wb.active
    ws.title = layout.sheet or SHEETS[layout.lang]
    for row in [*_preamble(layout), list(header), *body]:
        ws.append(row)
    if layout.merge_title:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    wb.save(path)


def _write_csv(
    path: Path, layout: Layout, header: Sequence[str | int], body: list[list[Cell]], qty_cols: tuple[int, ...]
) -> None:
    """csv: UTF-8 with ',' and decimal point, or csv-eu: cp1252 with ';', decimal comma and thousands dot."""
    eu = layout.fmt == "csv-eu"
    lines = [*_preamble(layout), list(header)]
    lines += [[_csv_cell(v, i in qty_cols, eu, layout.lang) for i, v in enumerate(row)] for row in body]
    with path.open("w", encoding="cp1252" if eu else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";" if eu else ",", lineterminator="\n").writerows(lines)


def _csv_cell(value: Cell, is_qty: bool, eu: bool, lang: str) -> str:
    """Text for one csv cell: dates by language, quantities by the file's number convention."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat() if lang == "en" else value.strftime("%d/%m/%Y")
    if is_qty and eu and isinstance(value, int | float):
        return f"{value:,}".translate(str.maketrans(",.", ".,"))
    return str(value)
