"""QTI 2.1 content package: a zip with imsmanifest.xml, one assessmentItem per item, an assessmentTest
keeping the sections and their time limits, and every drawing as an SVG file in the package.

Choice items use choiceInteraction with the match_correct template; numeric items use a
textEntryInteraction (float) with custom response processing, because the standard templates
cannot express a tolerance: equal with toleranceMode="absolute"."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from engine.forms import TestForm
from engine.i18n import t
from question_generators.figures import Svg, Table, TextBlock
from question_generators.item import LETTERS
from reports.exports import Export, Numbered, Options, machine_number, numbered, standalone_svg

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MATCH_CORRECT = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"
# A fixed timestamp keeps the zip byte-for-byte reproducible, like the form itself.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def item_name(number: int) -> str:
    return f"item-{number:03d}"


def paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip()).replace("\n", "<br/>")


def figure_xhtml(entry: Numbered) -> tuple[str, dict[str, bytes]]:
    """The figure as QTI XHTML, and the files it needs in the package (path inside the zip -> bytes)."""
    figure = entry.item.figure
    if isinstance(figure, Table):
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in figure.columns)
        body = "".join("<tr>" + f'<th scope="row">{escape(r[0])}</th>' + "".join(f"<td>{escape(c)}</td>" for c in r[1:])
                       + "</tr>" for r in figure.rows)
        caption = f"<caption>{escape(figure.caption)}</caption>" if figure.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>", {}
    if isinstance(figure, Svg):
        name = f"images/{item_name(entry.number)}.svg"
        img = f"<div><img src={quoteattr(name)} alt={quoteattr(figure.alt or figure.text)}/></div>"
        return img, {f"items/{name}": standalone_svg(figure.svg)}
    if isinstance(figure, TextBlock):
        return f"<pre>{escape(figure.text)}</pre>", {}
    return "", {}


def assessment_item(entry: Numbered) -> tuple[str, dict[str, bytes]]:
    item = entry.item
    identifier = item_name(entry.number)
    title = f"{entry.number}. {entry.section.title}"
    figure, files = figure_xhtml(entry)
    if item.entry is not None:
        declaration = ('<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float">'
                       f"<correctResponse><value>{machine_number(item.entry.value)}</value></correctResponse>"
                       "</responseDeclaration>")
        unit = f" {escape(item.entry.unit)}" if item.entry.unit else ""
        interaction = (f"<p>{escape(t('export.qti_answer'))} <textEntryInteraction responseIdentifier=\"RESPONSE\" "
                       f'expectedLength="12"/>{unit}</p>')
        tolerance = machine_number(item.entry.tolerance)
        processing = (
            "<responseProcessing><responseCondition>"
            '<responseIf><isNull><variable identifier="RESPONSE"/></isNull>'
            '<setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue></setOutcomeValue>'
            "</responseIf>"
            f'<responseElseIf><equal toleranceMode="absolute" tolerance="{tolerance} {tolerance}">'
            '<variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></equal>'
            '<setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue>'
            "</responseElseIf>"
            '<responseElse><setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue>'
            "</setOutcomeValue></responseElse>"
            "</responseCondition></responseProcessing>")
        body = paragraphs(item.prompt) + figure + interaction
    else:
        declaration = ('<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
                       f"<correctResponse><value>{LETTERS[item.key or 0]}</value></correctResponse>"
                       "</responseDeclaration>")
        choices = "".join(f'<simpleChoice identifier="{LETTERS[i]}">{escape(o.text)}</simpleChoice>'
                          for i, o in enumerate(item.options))
        interaction = ('<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">'
                       f"{choices}</choiceInteraction>")
        processing = f'<responseProcessing template="{MATCH_CORRECT}"/>'
        body = paragraphs(item.prompt) + figure + interaction
    outcome = ('<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">'
               "<defaultValue><value>0</value></defaultValue></outcomeDeclaration>")
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<assessmentItem xmlns="{QTI_NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{QTI_NS} {QTI_XSD}" '
           f'identifier="{identifier}" title={quoteattr(title)} adaptive="false" timeDependent="false" '
           f"xml:lang={quoteattr(item.lang)}>\n"
           f"{declaration}\n{outcome}\n<itemBody>{body}</itemBody>\n{processing}\n</assessmentItem>\n")
    return xml, files


def assessment_test(form: TestForm) -> str:
    sections = []
    for s_index, entries in enumerate(_by_section(form)):
        section = form.sections[s_index]
        refs = "".join(f'<assessmentItemRef identifier="{item_name(e.number)}" href="items/{item_name(e.number)}.xml"/>'
                       for e in entries)
        sections.append(f'<assessmentSection identifier="section-{s_index + 1}" title={quoteattr(section.title)} '
                        f'visible="true"><timeLimits maxTime="{section.time_limit_s}"/>{refs}</assessmentSection>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<assessmentTest xmlns="{QTI_NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{QTI_NS} {QTI_XSD}" '
            f'identifier="test-{form.form_id}" title={quoteattr(form.title)}>\n'
            '<testPart identifier="part-1" navigationMode="nonlinear" submissionMode="simultaneous">'
            f"{''.join(sections)}</testPart>\n</assessmentTest>\n")


def _by_section(form: TestForm) -> list[list[Numbered]]:
    groups: list[list[Numbered]] = [[] for _ in form.sections]
    for entry in numbered(form):
        groups[entry.section_index].append(entry)
    return groups


def manifest(form: TestForm, items: list[tuple[str, list[str]]]) -> str:
    """imsmanifest.xml: the test and every item as a resource, every file the item needs listed."""
    resources = []
    refs = "".join(f'<dependency identifierref="{name}"/>' for name, _ in items)
    resources.append('<resource identifier="test" type="imsqti_test_xmlv2p1" href="test.xml">'
                     f'<file href="test.xml"/>{refs}</resource>')
    for name, files in items:
        listed = "".join(f"<file href={quoteattr(f)}/>" for f in files)
        resources.append(f'<resource identifier="{name}" type="imsqti_item_xmlv2p1" href="items/{name}.xml">'
                         f"{listed}</resource>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<manifest xmlns="{CP_NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{CP_NS} {CP_XSD}" '
            f'identifier="manifest-{form.form_id}">\n'
            "<metadata><schema>QTIv2.1 Package</schema><schemaversion>1.0.0</schemaversion></metadata>\n"
            "<organizations/>\n"
            f"<resources>\n{chr(10).join(resources)}\n</resources>\n</manifest>\n")


def export(form: TestForm, options: Options) -> Export:
    files: dict[str, bytes] = {}
    listed: list[tuple[str, list[str]]] = []
    for entry in numbered(form):
        name = item_name(entry.number)
        xml, extra = assessment_item(entry)
        files[f"items/{name}.xml"] = xml.encode()
        files.update(extra)
        listed.append((name, [f"items/{name}.xml", *extra]))
    files["test.xml"] = assessment_test(form).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in [("imsmanifest.xml", manifest(form, listed).encode()), *sorted(files.items())]:
            info = zipfile.ZipInfo(path, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return Export(buffer.getvalue(), len(form.items))
