"""QTI 2.1 packages: items, test and manifest valid against the official schemas (../shared/xsd),
and every file the package refers to is inside it, and every file inside it is listed."""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from pathlib import Path

import pytest

from reports.exports import Options, numbered
from reports.exports.qti import QTI_NS, export
from tests.coach_forms import every_family_form, figure_form

ROOT = Path(__file__).resolve().parents[3]
XSD = Path(os.environ.get("SECONDROUND_XSD", ROOT / ".." / "shared" / "xsd"))
Q = f"{{{QTI_NS}}}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@pytest.fixture(scope="session")
def schemas():  # type: ignore[no-untyped-def]
    etree = pytest.importorskip("lxml.etree", reason="lxml (the test extra) validates against the XSDs")
    qti, cp = XSD / "qti" / "qtiv2p1" / "imsqti_v2p1.xsd", XSD / "qti" / "imscp_v1p1.xsd"
    if not (qti.is_file() and cp.is_file()):
        pytest.skip(f"the official QTI schemas are not at {XSD} (set SECONDROUND_XSD to their folder)")
    return etree.XMLSchema(etree.parse(str(qti))), etree.XMLSchema(etree.parse(str(cp)))


def package(form) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    return zipfile.ZipFile(io.BytesIO(export(form, Options()).data))


@pytest.mark.parametrize("make", [figure_form, every_family_form], ids=["figures", "every-family"])
def test_every_document_is_schema_valid(schemas, make) -> None:  # type: ignore[no-untyped-def]
    from lxml import etree

    qti, cp = schemas
    archive = package(make())
    assert "imsmanifest.xml" in archive.namelist()
    for name in archive.namelist():
        if name.endswith(".xml"):
            schema = cp if name == "imsmanifest.xml" else qti
            doc = etree.fromstring(archive.read(name))
            assert schema.validate(doc), f"{name}: {schema.error_log}"


def test_a_broken_item_is_caught_by_the_schema(schemas) -> None:  # type: ignore[no-untyped-def]
    from lxml import etree

    text = package(figure_form()).read("items/item-001.xml").replace(b' timeDependent="false"', b"")
    assert not schemas[0].validate(etree.fromstring(text))


@pytest.mark.parametrize("make", [figure_form, every_family_form], ids=["figures", "every-family"])
def test_package_keeps_every_referenced_file_and_lists_every_file(make) -> None:  # type: ignore[no-untyped-def]
    import xml.etree.ElementTree as ET

    form = make()
    archive = package(form)
    names = set(archive.namelist())
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    listed = {f.get("href") for f in manifest.iter(f"{CP}file")}
    assert listed == names - {"imsmanifest.xml"}
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    for resource in resources.values():
        assert resource.get("href") in names
        for dependency in resource.iter(f"{CP}dependency"):
            assert dependency.get("identifierref") in resources
    items = [r for r in resources.values() if r.get("type") == "imsqti_item_xmlv2p1"]
    assert len(items) == len(form.items)
    for resource, entry in zip(items, numbered(form), strict=True):
        path = resource.get("href")
        doc = ET.fromstring(archive.read(path))
        for img in doc.iter(f"{Q}img"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), img.get("src")))
            assert target in names and {f.get("href") for f in resource.iter(f"{CP}file")} >= {path, target}
            ET.fromstring(archive.read(target))  # the drawing itself is well-formed SVG
        item = entry.item
        assert (item.figure is not None and item.figure.kind == "svg") == bool(list(doc.iter(f"{Q}img")))
        value = doc.find(f"{Q}responseDeclaration/{Q}correctResponse/{Q}value").text
        if item.entry is None:
            assert value == item.key_letter and doc.find(f"{Q}itemBody/{Q}choiceInteraction") is not None
            assert [c.text for c in doc.iter(f"{Q}simpleChoice")] == [o.text for o in item.options]
        else:
            assert float(value) == item.entry.value
            equal = next(doc.iter(f"{Q}equal"))
            assert equal.get("toleranceMode") == "absolute"
            assert [float(x) for x in equal.get("tolerance").split()] == [item.entry.tolerance] * 2
    test = ET.fromstring(archive.read("test.xml"))
    refs = [r.get("href") for r in test.iter(f"{Q}assessmentItemRef")]
    assert refs == [r.get("href") for r in items]
    limits = [int(s.find(f"{Q}timeLimits").get("maxTime")) for s in test.iter(f"{Q}assessmentSection")]
    assert limits == [s.time_limit_s for s in form.sections]


def test_the_package_is_reproducible() -> None:
    assert export(figure_form(), Options()).data == export(figure_form(), Options()).data
