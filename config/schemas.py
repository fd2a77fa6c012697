"""The declared shape of every configuration file: a source profile, a row of each vocabulary file, and
the rules across a file's rows. Unknown keys and columns are refused (extra="forbid")."""

from __future__ import annotations

import fnmatch
import re
import string
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from string import Formatter
from typing import Annotated, Any, Literal

from annotated_types import Gt
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from honlea.config.names import (
    CHECK_LEVELS,
    DATASETS,
    FIELDS,
    FORMATS,
    INPUT_KINDS,
    KEY_POLICIES,
    LANGUAGES,
    MEASURES,
    SEVERITIES,
    SHAPES,
    SYNONYM_KINDS,
)

CanonicalField = Literal[FIELDS]  # the "field" of the profile reference
Text = Annotated[str, StringConstraints(min_length=1)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Flag = Literal["true", "false"]
OFFICE_PATTERN = r"^[A-Z]{3}-[0-9]+$"
RECOMMENDATION_PATTERN = r"^[0-9]+/[0-9]+\([a-z]\)$"
LETTER_PATTERN = r"^[a-z]$"
Measure = Literal[MEASURES]


#: What a questionnaire return gives: the identification block and, per recommendation, its answers.
RETURN_ITEMS = ("country", "responding_agency", "contact", "reply_date")
ANSWER_ITEMS = ("recommendation", "status", "measures", "difficulties", "assistance")


class QuestionnaireLabels(BaseModel):
    """How a questionnaire return names its cells where they have no defined name: the labels (any
    language; case, accents and punctuation ignored) beside an identification cell (the answer is the
    cell to its right) and above an answer column (the table's header row)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    labels: dict[Literal[RETURN_ITEMS + ANSWER_ITEMS], list[Text]] = Field(
        description="For each item, its labels.",
        examples=[{"reply_date": ["date of reply", "fecha de respuesta", "date de la réponse"]}],
    )


class Profile(BaseModel):
    """A source profile (config/profiles/*.yaml): how to recognise and read one kind of submission."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    name: Text = Field(
        description="The profile's name, recorded with every file it reads (`dim_submission.profile`).",
        examples=["annual_totals"],
    )
    title: Text = Field(
        description="What the profile reads, in words.", examples=["National annual seizure totals"]
    )
    source: str = Field(
        "",
        description="The source the profile reads. Profiles of one source in several layouts share it: a "
        "later file of the source replaces its figures for the same countries and years.",
        examples=["national_annual_totals"],
        json_schema_extra={"default_shown": "the profile's name"},
    )
    kind: Literal[INPUT_KINDS] = Field(
        "statistics",
        description="The kind of input the profile reads: `statistics` (seizure figures), `questionnaire` "
        "(returns on a meeting's recommendations) or `country_report` (a country's report); decides how the "
        "file is read, checked and stored.",
        examples=["statistics"],
    )
    dataset: Literal[DATASETS] = Field(
        description="What a row is: an annual total (`seizures_annual`) or a seizure case (`seizure_cases`); "
        "decides the quality checks.",
        examples=["seizures_annual"],
    )
    formats: list[Literal[FORMATS]] = Field(
        min_length=1, description="File types the profile reads, by extension.", examples=[["xlsx", "csv"]]
    )
    file_patterns: list[Text] = Field(
        description="File-name patterns (`*` is any text, case ignored). A file whose name fits no profile's "
        "pattern is still recognised by its header row.",
        examples=[["*annual*", "*anual*", "*annuel*"]],
    )
    sheet: Text | None = Field(
        None, description="The one sheet to read; none: every sheet with the header row.", examples=["Export"]
    )
    shape: Literal[SHAPES] = Field(
        "long",
        description="`long`: one row per figure; `wide_by_year`: one column per year (2007, 2008, ...) holds "
        "the quantity.",
        examples=["wide_by_year"],
    )
    columns: dict[CanonicalField, list[Text]] = Field(
        description="For each field, the headers that name it, in any language (case, accents, punctuation "
        "and spacing ignored).",
        examples=[{"country": ["country", "pais", "pays"], "year": ["year", "ano", "annee"]}],
    )
    defaults: dict[CanonicalField, str] = Field(
        default_factory=dict,
        description="A constant for fields the file has no column for: every row gets it. A national file "
        "without a country column names its country here (`country: COL`, any name or code the vocabulary "
        "knows); a field that has a column in the file takes the file's value instead.",
        examples=[{"country": "COL", "unit": "kg"}],
    )
    fill_down: list[CanonicalField] = Field(
        default_factory=list,
        description="Fields whose blank cells take the value of the row above, as merged cells exported "
        "flat leave them (a country written once above its drugs). A blank row is not data and fills "
        "nothing; the first rows below the header have nothing above them.",
        examples=[["country", "drug_group"]],
    )
    header_implies: dict[Text, dict[CanonicalField, str]] = Field(
        default_factory=dict,
        description="Values that a header implies for fields without a column: a quantity headed "
        '"Kilogramos" is in kg.',
        examples=[{"kilogramos": {"unit": "kg"}}],
    )
    synonyms: dict[Literal[SYNONYM_KINDS], dict[Text, Text]] = Field(
        default_factory=dict,
        description="Names that mean something else in this source's rows than in the shared vocabulary "
        "(config/*.csv), and names only this source uses: for `drug` a `drug_id` of drugs.csv, for `country` "
        "an ISO3 code, for `unit` a canonical unit of units.csv. They replace the vocabulary's meaning for "
        "this profile's files only (case, accents and punctuation ignored).",
        examples=[{"drug": {"Cannabis-type": "cannabis_total"}, "country": {"Antillas": "ANT"}}],
    )
    required: list[CanonicalField] = Field(
        description="Fields a header row must name for the profile to recognise the file (a field with a "
        "default, and year and quantity of a `wide_by_year` sheet, need no header). Each needs `columns`.",
        examples=[["country", "drug", "year", "quantity", "unit"]],
    )
    key: list[CanonicalField] = Field(
        min_length=1,
        description="The fields identifying one figure; a key given twice combines as `key_policy` says.",
        examples=[["country", "drug", "unit", "year"]],
    )
    key_policy: Literal[KEY_POLICIES] = Field(
        description="How a repeated key combines: `sum` (rows are parts of one figure and add up), "
        "`duplicate` (the same case twice: the copy is dropped), `conflict` (both rows are quarantined for "
        "a steward).",
        examples=["conflict"],
    )
    template_sheets: list[Text] = Field(
        default_factory=list,
        description="Sheets of the Secretariat's own template (instructions, drop-down lists) that hold no "
        "figures: not read, and no 'sheet not read' or hidden-sheet warning for them.",
        examples=[["Instructions", "Lists"]],
    )
    questionnaire: QuestionnaireLabels | None = Field(
        None,
        description="Questionnaire returns only: the labels to find answers by when a country retyped the "
        "form and its cells have no defined names.",
        examples=[{"labels": {"status": ["status", "estado", "état"]}}],
    )

    @model_validator(mode="before")
    @classmethod
    def _source_defaults_to_name(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("source"):
            return {**data, "source": data.get("name", "")}
        return data

    @field_validator("required")
    @classmethod
    def _required_fields_have_headers(cls, required: list[str], info: ValidationInfo) -> list[str]:
        columns, defaults = info.data.get("columns"), info.data.get("defaults")
        if columns is None or defaults is None:  # already reported
            return required
        implied = {"year", "quantity"} if info.data.get("shape") == "wide_by_year" else set()
        lacking = [f for f in required if f not in columns and f not in defaults and f not in implied]
        if lacking:
            raise ValueError(
                f"{', '.join(lacking)}: no headers in columns and no default, so no file matches"
            )
        return required

    @field_validator("fill_down")
    @classmethod
    def _filled_fields_have_headers(cls, fill_down: list[str], info: ValidationInfo) -> list[str]:
        columns = info.data.get("columns")
        if columns is not None and (lacking := [f for f in fill_down if f not in columns]):
            raise ValueError(f"{', '.join(lacking)}: no headers in columns, so there is no cell to fill")
        return fill_down

    @property
    def wide_by_year(self) -> bool:
        """True when each year is a column holding the quantity."""
        return self.shape == "wide_by_year"

    def matches_name(self, path: Path) -> bool:
        """True when the file's name fits one of the profile's patterns and formats."""
        name = path.name.lower()
        return path.suffix.lower().lstrip(".") in self.formats and any(
            fnmatch.fnmatch(name, pattern.lower()) for pattern in self.file_patterns
        )


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DrugGroup(_Row):
    """A UNODC drug group."""

    drug_group_id: Code = Field(description="The group's code.", examples=["cocaine_type"])
    name_en: Text = Field(description="Name in English.", examples=["Cocaine-type"])
    name_es: Text = Field(description="Name in Spanish.", examples=["Tipo cocaína"])
    name_fr: Text = Field(description="Name in French.", examples=["Type cocaïne"])
    sort_order: int = Field(description="Position in lists and reports.", examples=[1])


class Drug(_Row):
    """A drug of the taxonomy; its names in the three languages are synonyms too."""

    drug_id: Code = Field(description="The drug's code.", examples=["cocaine_hydrochloride"])
    drug_group_id: Code = Field(
        description="Its group, a `drug_group_id` of drug_groups.csv.", examples=["cocaine_type"]
    )
    drug_subgroup: Text = Field(description="Its UNODC sub-group.", examples=["Cocaine"])
    name_en: Text = Field(description="Name in English.", examples=["Cocaine hydrochloride"])
    name_es: Text = Field(description="Name in Spanish.", examples=["Clorhidrato de cocaína"])
    name_fr: Text = Field(description="Name in French.", examples=["Chlorhydrate de cocaïne"])
    is_total: Flag = Field(description="`true`: the source's own total of the group.", examples=["false"])
    in_group_total: Flag = Field(
        description="`true`: counted in its group's sum of components.", examples=["true"]
    )
    default_measure: Measure = Field(description="How the drug is normally reported.", examples=["mass"])


class DrugSynonym(_Row):
    """A name by which a submission may give a drug."""

    synonym: Text = Field(
        description="The name as submitted (case, accents, punctuation ignored).", examples=["Crack"]
    )
    drug_id: Code = Field(
        description="The drug it means, a `drug_id` of drugs.csv.", examples=["crack_cocaine"]
    )
    context: Text | None = Field(
        description="The drug sub-group the source gives beside it, for a name that means different drugs in "
        "different sub-groups; empty: any.",
        examples=["Plant-based NPS"],
    )


class Unit(_Row):
    """A way of writing a unit."""

    alias: Text = Field(
        description="The unit as submitted (case, accents, punctuation ignored).", examples=["kgs"]
    )
    unit: Text = Field(description="The canonical unit.", examples=["kg"])
    measure: Measure = Field(description="What the unit measures.", examples=["mass"])
    kg_factor: Annotated[float, Gt(0)] | None = Field(
        description="Kilograms per unit, for mass and volume units (a litre counts as 1 kg, as UNODC does); "
        "empty for counted items, which stay counts.",
        examples=[0.001],
    )

    @field_validator("kg_factor")
    @classmethod
    def _factor_follows_measure(cls, factor: float | None, info: ValidationInfo) -> float | None:
        measure = info.data.get("measure")
        if measure in ("mass", "volume") and factor is None:
            raise ValueError(f"a {measure} unit needs a kg_factor")
        if measure == "count" and factor is not None:
            raise ValueError("a count unit has no kg_factor: counted items stay counts")
        if measure == "area" and factor is not None:
            raise ValueError("an area unit has no kg_factor: areas stay in their unit")
        return factor


class CountryAlias(_Row):
    """A country name beside the UN names (which are known already)."""

    alias: Text = Field(
        description="The name as submitted (case, accents, punctuation ignored).", examples=["Bolivia"]
    )
    iso3: Iso3 = Field(description="The country, an ISO3 code of config/reference.", examples=["BOL"])


class CountryName(_Row):
    """A country's name as UN releases write it, where the UN reference tables (config/reference) give
    another: `dim_country` uses it, and it is known as a name of the country."""

    iso3: Iso3 = Field(description="The country, an ISO3 code of config/reference.", examples=["CIV"])
    name_en: Text = Field(description="Name in English.", examples=["Côte d'Ivoire"])
    name_es: Text | None = Field(
        description="Name in Spanish; empty: the reference's.", examples=["Côte d'Ivoire"]
    )
    name_fr: Text | None = Field(
        description="Name in French; empty: the reference's.", examples=["Côte d'Ivoire"]
    )
    note: str | None = Field(description="Why the name differs.", examples=["the UN name"])


class CountrySuccessor(_Row):
    """A country or area that a historic entity became (a part of): the USSR's fifteen successors,
    Czechoslovakia's two, Yugoslavia's, the Netherlands Antilles'."""

    predecessor: Iso3 = Field(
        description="The historic entity, an ISO3 code of config/reference.", examples=["CSK"]
    )
    successor: Iso3 = Field(description="A successor, an ISO3 code of config/reference.", examples=["CZE"])
    year: Annotated[int, Gt(1900)] = Field(description="The first year of the successor.", examples=[1993])


class TransportMode(_Row):
    """A way of writing a mode of transport."""

    alias: Text = Field(
        description="The mode as submitted (case, accents, punctuation ignored).", examples=["by air"]
    )
    mode: Code = Field(description="The canonical mode.", examples=["air"])


class Conveyance(_Row):
    """A way of writing a means of conveyance."""

    alias: Text = Field(
        description="The conveyance as submitted (case, accents, punctuation ignored).",
        examples=["containers"],
    )
    conveyance: Code = Field(description="The canonical conveyance.", examples=["container"])


class LiaisonOffice(_Row):
    """An office that sends a country's statistics or questionnaire returns (the directory of liaison
    offices); the country's language is its offices' language."""

    office_id: Annotated[str, StringConstraints(pattern=OFFICE_PATTERN)] = Field(
        description="The office: the country's ISO3 code and a number.", examples=["ARG-1"]
    )
    iso3: Iso3 = Field(description="The country, an ISO3 code of config/reference.", examples=["ARG"])
    agency: Text = Field(description="The agency's name.", examples=["Dirección Nacional Antidrogas"])
    function: Text = Field(
        description="What it sends: statistics, questionnaire (space-separated).",
        examples=["statistics questionnaire"],
    )
    language: Literal[LANGUAGES] = Field(
        description="The language of its submissions, of its feedback and of the forms it is sent.",
        examples=["es"],
    )
    contact: Text | None = Field(
        description="A contact address (an office's, not a person's).", examples=["focal-point@example.org"]
    )
    synthetic: Flag = Field(description="`true`: a demo entry, not a real office.", examples=["true"])


class Recommendation(_Row):
    """A recommendation adopted by a meeting, on which the next meeting's questionnaire asks."""

    code: Annotated[str, StringConstraints(pattern=RECOMMENDATION_PATTERN)] = Field(
        description="meeting/issue(letter).", examples=["22/2(c)"]
    )
    meeting: Annotated[int, Gt(0)] = Field(description="The meeting that adopted it.", examples=[22])
    issue: Annotated[int, Gt(0)] = Field(description="The issue (working group) it answers.", examples=[2])
    letter: Annotated[str, StringConstraints(pattern=LETTER_PATTERN)] = Field(
        description="Its letter.", examples=["c"]
    )
    topic: Code = Field(description="A topic of recommendation_topics.csv.", examples=["observatories"])
    text_en: Text = Field(description="The text as adopted (English).", examples=["Governments should ..."])
    text_es: Text | None = Field(
        description="Spanish (empty: English is shown).", examples=["Los gobiernos deberían ..."]
    )
    text_fr: Text | None = Field(
        description="French (empty: English is shown).", examples=["Les gouvernements devraient ..."]
    )

    @model_validator(mode="after")
    def _code_matches(self) -> Recommendation:
        if self.code != f"{self.meeting}/{self.issue}({self.letter})":
            raise ValueError(
                f"code {self.code} is not meeting/issue(letter) {self.meeting}/{self.issue}({self.letter})"
            )
        return self

    @property
    def key(self) -> str:
        """The recommendation in defined names: issue_letter (2_c)."""
        return f"{self.issue}_{self.letter}"


class RecommendationIssue(_Row):
    """An issue (working group topic) of a meeting's recommendations."""

    meeting: Annotated[int, Gt(0)] = Field(description="The meeting.", examples=[22])
    issue: Annotated[int, Gt(0)] = Field(description="The issue's number.", examples=[2])
    title_en: Text = Field(description="Title, English.", examples=["Joint agency task forces"])
    title_es: Text = Field(description="Title, Spanish.", examples=["Equipos de tareas conjuntos"])
    title_fr: Text = Field(description="Title, French.", examples=["Équipes spéciales"])


class Labelled(_Row):
    """A code with its labels in the three languages."""

    en: Text = Field(description="English.", examples=["Partially implemented"])
    es: Text = Field(description="Spanish.", examples=["Aplicada parcialmente"])
    fr: Text = Field(description="French.", examples=["Partiellement mise en œuvre"])


class RecommendationTopic(Labelled):
    """A topic analysts group recommendations by."""

    topic: Code = Field(description="The topic's code.", examples=["forensics"])


class ImplementationStatus(Labelled):
    """An answer on a recommendation's implementation; its labels are the template's drop-down."""

    status: Code = Field(description="The status's code.", examples=["partially_implemented"])
    sort_order: int = Field(description="Position in lists.", examples=[2])


class StatusAlias(_Row):
    """Another way a return writes a status (its labels are known already)."""

    alias: Text = Field(description="As written (case, accents, punctuation ignored).", examples=["En cours"])
    status: Code = Field(
        description="A status of implementation_statuses.csv.", examples=["partially_implemented"]
    )


class UnitLabel(Labelled):
    """A unit as the statistics template offers it, in the template's language (each label must read as
    the unit: an alias of units.csv)."""

    unit: Text = Field(description="A canonical unit of units.csv.", examples=["kg"])
    sort_order: int = Field(description="Position in the drop-down.", examples=[1])


class FeedbackText(_Row):
    """A label of the feedback workbook (the checks' explanations are in checks.csv)."""

    key: Text = Field(description="The label.", examples=["summary"])
    en: Text = Field(description="English.", examples=["Summary"])
    es: Text | None = Field(description="Spanish; empty: English.", examples=["Resumen"])
    fr: Text | None = Field(description="French; empty: English.", examples=["Résumé"])


class NoDataMarker(_Row):
    """A text that stands where a country has no figure ("--", "not known", "s/d"): the figure is counted
    as not reported, not loaded and not an error (a genuine 0 stays 0, a blank stays blank)."""

    marker: Text = Field(
        description="The text as submitted in a figure's cell (case, accents and spacing ignored; "
        "punctuation counts: `--` and `n.d.` are markers, `nd` is another one).",
        examples=["--"],
    )
    language: Literal[LANGUAGES] | None = Field(
        description="The language the marker belongs to; empty: any (it is recognised in every file).",
        examples=["en"],
    )
    note: str | None = Field(
        description="Where the marker is used, or what it abbreviates.",
        examples=["UNODC annual report questionnaire: two dashes where no data is available"],
    )


class SourcePrecedence(_Row):
    """Which source's figure to use where several give one for the same country, drug (or drug group) and
    year (`marts.v_seizures_preferred`): the lowest rank wins. Every profile's `source` needs a row."""

    source: Code = Field(
        description="A source, as a profile's `source` names it.", examples=["national_annual_totals"]
    )
    rank: Annotated[int, Gt(0)] = Field(
        description="Its precedence: 1 is preferred to 2, and so on; one source per rank.", examples=[2]
    )
    description: Text = Field(
        description="What the source is and when its figure is used.",
        examples=["A national agency's annual totals: the figure for years the annex does not cover"],
    )


class ReportIndicator(_Row):
    """An indicator a country report gives in its tables (config/report_indicators.csv)."""

    indicator_id: Code = Field(description="The indicator's code.", examples=["arrests"])
    by_drug: Flag = Field(
        description="`true`: given per drug (the rows of a seizures table name the drug).", examples=["false"]
    )
    unit: Text | None = Field(
        description="The unit of its figures (a unit of units.csv); empty: the table gives it.",
        examples=["person"],
    )
    name_en: Text = Field(description="Name in English.", examples=["Persons arrested"])
    name_es: Text = Field(description="Name in Spanish.", examples=["Personas detenidas"])
    name_fr: Text = Field(description="Name in French.", examples=["Personnes arrêtées"])
    labels: Text = Field(
        description="How a table's row names it, in any language, separated by `|` (case, accents and "
        "punctuation ignored).",
        examples=["arrests|detenidos|arrestations"],
    )


PARAMS_PATTERN = r"^[a-z][a-z0-9_]*=-?[0-9]+( [a-z][a-z0-9_]*=-?[0-9]+)*$"
DATASETS_PATTERN = rf"^({'|'.join(DATASETS)})( ({'|'.join(DATASETS)}))*$"
Params = Annotated[str, StringConstraints(pattern=PARAMS_PATTERN)]
Datasets = Annotated[str, StringConstraints(pattern=DATASETS_PATTERN)]


def placeholders(text: str) -> set[str]:
    """The names of the {placeholders} of a text; ValueError for a brace that opens no named placeholder."""
    names = {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    if "" in names or not all(name.isidentifier() for name in names):
        raise ValueError("a placeholder is a name in braces, such as {year_floor}")
    return names


class CheckEntry(_Row):
    """A check of the quality gate: what it is about, what a failure means, and how it is explained to the
    steward (the issue's message) and to the country (the feedback workbook, in its language). Texts may
    name the catalog's parameters as `{name}`; a message may also name values of the issue (`{reason}`,
    `{conflicting_rows}`, `{today}`, ...), which the code that finds the problem supplies."""

    name: Code = Field(
        description="The check's name, recorded with every issue (`quality_issue.check_name`).",
        examples=["plausible_year"],
    )
    level: Literal[CHECK_LEVELS] = Field(
        description="What a failure is about: a `row` (one source row, or a cell of it), a `sheet` (or a "
        "column of it), or the whole `file`.",
        examples=["row"],
    )
    severity: Literal[SEVERITIES] = Field(
        description="`error`: the row is quarantined (for a sheet or a file: the rows it concerns); "
        "`warning`: loaded and flagged; `info`: told, nothing held back.",
        examples=["error"],
    )
    datasets: Datasets | None = Field(
        description="The datasets whose Great Expectations suite runs the check (space-separated; its "
        "expectation is in `expectations/suites.py`); empty: a check made while reading or conforming a "
        "file, for any dataset.",
        examples=["seizures_annual seizure_cases"],
    )
    field: CanonicalField | None = Field(
        description="The field whose submitted text the issue shows (`quality_issue.field`); empty: the "
        "field of the cell, or none.",
        examples=["year"],
    )
    vocabulary: Flag = Field(
        description="`true`: an entry in the vocabulary files can satisfy the check, so when they change the "
        "files with open issues of it are read again.",
        examples=["false"],
    )
    params: Params | None = Field(
        description="The check's parameters, `name=whole number` separated by spaces; each is defined once "
        "in the catalog and any text may name it.",
        examples=["low=0 high=100"],
    )
    message: Text = Field(
        description="The issue's message for the steward, in English (`quality_issue.message`).",
        examples=["the year must be between {year_floor} and {this_year}"],
    )
    text_en: Text = Field(
        description="The explanation for the country in English (a comment on the failing cell).",
        examples=["The year is in the future or before {year_floor}."],
    )
    text_es: Text = Field(
        description="The explanation in Spanish.", examples=["El año es futuro o anterior a {year_floor}."]
    )
    text_fr: Text = Field(
        description="The explanation in French.",
        examples=["L'année est future ou antérieure à {year_floor}."],
    )

    @field_validator("message", "text_en")
    @classmethod
    def _placeholders_are_names(cls, text: str) -> str:
        placeholders(text)
        return text

    @field_validator("text_es", "text_fr")
    @classmethod
    def _same_placeholders(cls, text: str, info: ValidationInfo) -> str:
        english = info.data.get("text_en")
        if english is not None and placeholders(text) != placeholders(english):
            shown = ", ".join(f"{{{name}}}" for name in sorted(placeholders(english))) or "none"
            raise ValueError(f"names other placeholders than text_en ({shown})")
        return text

    @property
    def parameters(self) -> dict[str, int]:
        """The parameters the check defines."""
        pairs = (pair.split("=") for pair in (self.params or "").split())
        return {name: int(value) for name, value in pairs}

    def text(self, language: str) -> str:
        """The explanation for the country in `language` (en, es or fr)."""
        return getattr(self, f"text_{language}")


@dataclass(frozen=True)
class OneMeaning:
    """Rows whose `key` columns read the same (case, accents and punctuation ignored) give the same
    `values`: otherwise the text would mean two things."""

    key: tuple[str, ...]
    values: tuple[str, ...]


@dataclass(frozen=True)
class VocabularyFile:
    """A CSV file of config/: the model of its rows and the rules across rows."""

    row: type[_Row]
    unique: str | None = None  # a column whose value names one row only
    meanings: tuple[OneMeaning, ...] = ()
    refers: dict[str, str] = field(default_factory=dict)  # column -> the file whose `unique` values it names


COUNTRIES = "reference"  # `refers` to the countries of config/reference
PRECEDENCE = "source_precedence.csv"  # also checked against the profiles' sources (config/check.py)
VOCABULARY_FILES = {
    "drug_groups.csv": VocabularyFile(DrugGroup, unique="drug_group_id"),
    "drugs.csv": VocabularyFile(Drug, unique="drug_id", refers={"drug_group_id": "drug_groups.csv"}),
    "drug_synonyms.csv": VocabularyFile(
        DrugSynonym,
        meanings=(OneMeaning(("synonym", "context"), ("drug_id",)),),
        refers={"drug_id": "drugs.csv"},
    ),
    "units.csv": VocabularyFile(
        Unit,
        meanings=(
            OneMeaning(("alias",), ("unit", "measure", "kg_factor")),
            OneMeaning(("unit",), ("measure", "kg_factor")),
        ),
    ),
    "country_aliases.csv": VocabularyFile(
        CountryAlias, meanings=(OneMeaning(("alias",), ("iso3",)),), refers={"iso3": COUNTRIES}
    ),
    "country_names.csv": VocabularyFile(CountryName, unique="iso3", refers={"iso3": COUNTRIES}),
    "country_successors.csv": VocabularyFile(
        CountrySuccessor,
        meanings=(OneMeaning(("predecessor", "successor"), ("year",)),),
        refers={"predecessor": COUNTRIES, "successor": COUNTRIES},
    ),
    "transport_modes.csv": VocabularyFile(TransportMode, meanings=(OneMeaning(("alias",), ("mode",)),)),
    "conveyances.csv": VocabularyFile(Conveyance, meanings=(OneMeaning(("alias",), ("conveyance",)),)),
    "liaison_offices.csv": VocabularyFile(
        LiaisonOffice,
        unique="office_id",
        meanings=(OneMeaning(("iso3",), ("language",)),),
        refers={"iso3": COUNTRIES},
    ),
    "recommendation_topics.csv": VocabularyFile(RecommendationTopic, unique="topic"),
    "recommendations.csv": VocabularyFile(
        Recommendation, unique="code", refers={"topic": "recommendation_topics.csv"}
    ),
    "recommendation_issues.csv": VocabularyFile(RecommendationIssue),
    "implementation_statuses.csv": VocabularyFile(ImplementationStatus, unique="status"),
    "implementation_status_aliases.csv": VocabularyFile(
        StatusAlias,
        meanings=(OneMeaning(("alias",), ("status",)),),
        refers={"status": "implementation_statuses.csv"},
    ),
    "unit_labels.csv": VocabularyFile(UnitLabel, unique="unit"),
    "feedback_texts.csv": VocabularyFile(FeedbackText, unique="key"),
    "template_texts.csv": VocabularyFile(FeedbackText, unique="key"),
    PRECEDENCE: VocabularyFile(SourcePrecedence, unique="source"),
    "no_data_markers.csv": VocabularyFile(NoDataMarker, unique="marker"),
    "checks.csv": VocabularyFile(CheckEntry, unique="name"),
    "report_indicators.csv": VocabularyFile(ReportIndicator, unique="indicator_id"),
}


class NoteText(_Row):
    """A label, heading or sentence template of the Secretariat's note (note/), in the three languages.
    Placeholders in braces ({year}) are filled from the data; each language uses the same ones."""

    key: Code = Field(description="The text's name in the note's code.", examples=["title"])
    en: Text = Field(description="English.", examples=["Statistics and drug trafficking trends in {region}"])
    es: Text = Field(
        description="Spanish.", examples=["Estadísticas y tendencias del tráfico de drogas {region}"]
    )
    fr: Text = Field(
        description="French.", examples=["Statistiques et tendances du trafic de drogues {region}"]
    )

    @model_validator(mode="after")
    def _same_placeholders(self) -> NoteText:
        wanted = _placeholders(self.en)
        for language in ("es", "fr"):
            if (found := _placeholders(getattr(self, language))) != wanted:
                raise ValueError(
                    f"{language} has placeholders {sorted(found)}, English {sorted(wanted)}: they must match"
                )
        return self


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


class RegionName(_Row):
    """A UNODC or M49 region or sub-region as the note names it: in tables, and after "in"."""

    name: Text = Field(description="The name in the UN reference tables.", examples=["South America"])
    en: Text = Field(description="English label.", examples=["South America"])
    es: Text = Field(description="Spanish label.", examples=["América del Sur"])
    fr: Text = Field(description="French label.", examples=["Amérique du Sud"])
    in_en: Text = Field(description="English, after a verb: where.", examples=["in South America"])
    in_es: Text = Field(description="Spanish, where.", examples=["en América del Sur"])
    in_fr: Text = Field(description="French, where.", examples=["en Amérique du Sud"])


VOCABULARY_FILES["note_texts.csv"] = VocabularyFile(NoteText, unique="key")
VOCABULARY_FILES["region_names.csv"] = VocabularyFile(RegionName, unique="name")


class _Yaml(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Translated(_Yaml):
    """A text in the three languages."""

    en: Text
    es: Text
    fr: Text


class AgendaItem(_Yaml):
    """An item of a meeting's agenda."""

    item: Annotated[int, Gt(0)] = Field(description="Its number.", examples=[3])
    title: Translated = Field(description="Its title in en, es and fr.")


class Meeting(_Yaml):
    """One HONLEA meeting: what the header of its note says and to whom its coverage refers."""

    number: Annotated[int, Gt(0)] = Field(description="The meeting's number (23: the Twenty-third).")
    name: Translated = Field(description="Its full name.")
    venue: Translated = Field(description="City and country.")
    start: date = Field(description="First day.")
    end: date = Field(description="Last day.")
    note_item: Annotated[int, Gt(0)] = Field(description="The agenda item of the note.")
    agenda: list[AgendaItem] = Field(min_length=1, description="The (provisional) agenda.")
    member_states: list[Iso3] = Field(min_length=1, description="The States the questionnaire goes to.")
    represented: list[Iso3] = Field(description="The member States represented (after the meeting).")
    observer_states: list[Iso3] = Field(description="States represented by observers.")
    observer_organizations: list[Translated] = Field(description="Organizations represented by observers.")
    questionnaire_cutoff: date | None = Field(
        None,
        examples=["2013-08-26"],
        description="The day by which questionnaire returns on the previous meeting's recommendations had to "
        "arrive to be in the Secretariat's document: a later return is late.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Meeting:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.note_item not in {item.item for item in self.agenda}:
            raise ValueError(f"note_item {self.note_item} is not an item of the agenda")
        twice = sorted({s for s in self.member_states if self.member_states.count(s) > 1})
        if twice:
            raise ValueError(f"member_states lists {', '.join(twice)} twice")
        if strangers := sorted(set(self.represented) - set(self.member_states)):
            raise ValueError(f"represented names {', '.join(strangers)}, not member States")
        return self

    @property
    def symbol(self) -> str:
        """The note's document symbol."""
        return f"UNODC/HONLAC/{self.number}/2"


class Meetings(_Yaml):
    """config/meetings.yaml: the meetings, and the one the nightly run writes the note for."""

    configured: Annotated[int, Gt(0)] = Field(description="The meeting whose note the nightly run writes.")
    meetings: list[Meeting] = Field(min_length=1)

    @model_validator(mode="after")
    def _configured_exists(self) -> Meetings:
        numbers = [m.number for m in self.meetings]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a meeting number is given twice")
        if self.configured not in numbers:
            raise ValueError(f"configured: meeting {self.configured} is not among the meetings {numbers}")
        return self

    def meeting(self, number: int) -> Meeting:
        """The meeting of that number; LookupError naming the known ones."""
        for meeting in self.meetings:
            if meeting.number == number:
                return meeting
        raise LookupError(
            f"meeting {number} is not in config/meetings.yaml (known: "
            f"{', '.join(str(m.number) for m in self.meetings)})"
        )


class NoteRules(_Yaml):
    """config/note.yaml: how the Secretariat's note chooses and describes its figures."""

    region: Text = Field(description="Default region: a UNODC region, or an M49 region or sub-region.")
    trend_years: Annotated[int, Gt(1)] = Field(description="Years of the trend, the reference year included.")
    reference_quorum: Annotated[float, Gt(0)] = Field(
        description="Share of the member States needing figures for a reference year."
    )
    main_groups: list[Code] = Field(min_length=1, description="Drug groups always discussed, in order.")
    excluded_groups: list[Code] = Field(description="Groups outside the seizure totals (not drugs).")
    material_share: Annotated[float, Gt(0)] = Field(
        description="Another group is discussed when it is at least this share of the region's seizures."
    )
    leading_countries: Annotated[int, Gt(0)] = Field(description="Countries named as leading.")
    doubled: Annotated[float, Gt(1)] = Field(description="A notable rise: ratio at least this.")
    halved: Annotated[float, Gt(0)] = Field(description="A notable fall: ratio at most this.")
    notable_min_kg: float = Field(description="A notable change has a figure of at least this (kg).")
    notable_difference_pct: Annotated[float, Gt(0)] = Field(
        description="Two sources differ notably beyond this per cent."
    )
    comparison_rows: Annotated[int, Gt(0)] = Field(description="Rows of the sources-side-by-side table.")
    sub_region_chart_group: Code = Field(description="The drug group charted by sub-region.")
    locales: dict[Literal[LANGUAGES], Text] = Field(description="Babel locale of each language.")


class TableSigns(_Yaml):
    """Words of a table's heading or of its first column's header that say what the table holds."""

    headings: list[Text] = Field(min_length=1)
    first_column: list[Text] = Field(min_length=1)


class ReportRules(_Yaml):
    """config/country_reports.yaml: how country reports' metadata, tables and language are recognised."""

    symbol_pattern: Text = Field(
        description="Regular expression of the symbol in a report's text, with groups `meeting` and `number`."
    )
    file_symbol_pattern: Text = Field(
        description="Regular expression of the paper's number in a file name (group `number`), case ignored."
    )
    labels: dict[Literal["country", "date", "language"], list[Text]] = Field(
        description="Words that introduce the country, date and language on a report's cover (`Country: X`)."
    )
    language_names: dict[Literal[LANGUAGES], list[Text]] = Field(description="How a language is declared.")
    language_words: dict[Literal[LANGUAGES], list[Text]] = Field(
        description="Common words of each language: an undeclared text is in the language with most."
    )
    seizure_tables: TableSigns = Field(description="What marks a table of seizures by drug.")
    indicator_tables: TableSigns = Field(description="What marks a table of other indicators.")
    unit_column: list[Text] = Field(description="Headers of a column giving each row's unit.")
    heading_units: dict[Text, list[Text]] = Field(
        description="A unit (of units.csv) that a seizures table's heading gives all its rows."
    )

    @field_validator("symbol_pattern", "file_symbol_pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            groups = re.compile(pattern).groupindex
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        if "number" not in groups:
            raise ValueError("needs a group named `number`")
        return pattern
