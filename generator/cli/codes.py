"""The catalogue of problem codes, for clerks and for the README."""

from __future__ import annotations

import click

from generator.checks import CATALOGUE
from generator.cli.main import main


@main.command()
@click.option("--markdown", is_flag=True, help="输出 Markdown 表格（用于 README）/ as a Markdown table.")
def codes(markdown: bool) -> None:
    """列出校验问题代码及其含义。

    List the problem codes the checks report, with severity and meaning.
    """
    if markdown:
        click.echo(codes_markdown())
        return
    for t in CATALOGUE.values():
        click.echo(f"{t.code:<24} {t.severity}  {t.title}：{t.description}")


def codes_markdown() -> str:
    """The catalogue as the Markdown table the README carries."""
    lines = ["| 代码 code | 级别 | 名称 | 说明与处理 |", "|---|---|---|---|"]
    lines += [f"| `{t.code}` | {t.severity} | {t.title} | {t.description} |" for t in CATALOGUE.values()]
    return "\n".join(lines)
