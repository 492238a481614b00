"""Adjectival and demonym forms of country names ("Syrian" -> Syria).

News uses these constantly ("Turkish troops", "a Ukrainian village") and no
installed package carries them.  Regular forms are made by rule from the
country's English name; the irregular ones are listed here by ISO code.
"""

from __future__ import annotations

from .normalise import normalise_name

# Forms a suffix rule cannot make.  Written for this project, keyed by ISO 3166-1 alpha-2.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "AF": ("afghan", "afghani"),
    "AE": ("emirati",),
    "AR": ("argentine", "argentinian"),
    "AT": ("austrian",),
    "AZ": ("azerbaijani", "azeri"),
    "BD": ("bangladeshi",),
    "BE": ("belgian",),
    "BR": ("brazilian",),
    "BY": ("belarusian",),
    "CA": ("canadian",),
    "CH": ("swiss",),
    "CL": ("chilean",),
    "CN": ("chinese",),
    "CY": ("cypriot",),
    "CZ": ("czech",),
    "DE": ("german",),
    "DK": ("danish", "dane"),
    "EG": ("egyptian",),
    "ES": ("spanish", "spaniard"),
    "FI": ("finnish", "finn"),
    "FR": ("french",),
    "GB": ("british", "briton", "brit", "uk", "u k", "britain", "great britain"),
    "GR": ("greek",),
    "HU": ("hungarian",),
    "IE": ("irish",),
    "IL": ("israeli",),
    "IQ": ("iraqi",),
    "IR": ("iranian", "persian"),
    "IS": ("icelandic", "icelander"),
    "IT": ("italian",),
    "JP": ("japanese",),
    "KP": ("north korean",),
    "KR": ("south korean",),
    "KW": ("kuwaiti",),
    "LB": ("lebanese",),
    "LY": ("libyan",),
    "MA": ("moroccan",),
    "MM": ("burmese", "myanmar"),
    "NL": ("dutch", "netherlands", "holland"),
    "NO": ("norwegian",),
    "NP": ("nepali", "nepalese"),
    "NZ": ("new zealander", "kiwi"),
    "OM": ("omani",),
    "PE": ("peruvian",),
    "PH": ("filipino", "philippine"),
    "PK": ("pakistani",),
    "PL": ("polish", "pole"),
    "PS": ("palestinian",),
    "PT": ("portuguese",),
    "QA": ("qatari",),
    "SA": ("saudi", "saudi arabian"),
    "SD": ("sudanese",),
    "SE": ("swedish", "swede"),
    "SY": ("syrian",),
    "TH": ("thai",),
    "TR": ("turkish", "turk", "turkiye"),
    "TW": ("taiwanese",),
    "UA": ("ukrainian",),
    "US": ("american", "us", "u s", "usa", "u s a", "america", "united states of america"),
    "VN": ("vietnamese",),
    "YE": ("yemeni",),
    "ZA": ("south african",),
}


def country_demonyms(iso: str, english_name: str) -> list[str]:
    """Normalised demonym keys for a country: the listed irregular ones, else a suffix rule."""
    forms = list(_IRREGULAR.get(iso, ()))
    if not forms:
        key = normalise_name(english_name)
        if key.endswith("a"):
            forms.append(key + "n")  # Nigeria -> Nigerian, Cuba -> Cuban
        elif key.endswith("o"):
            forms.append(key[:-1] + "an")  # Mexico -> Mexican
    return [normalise_name(f) for f in forms]
