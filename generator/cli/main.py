"""The `taizhang` command group. Commands live in the modules beside this one, one per part of the work."""

from __future__ import annotations

import click

from generator.cli.common import Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="taizhang", help="显示版本并退出 / show the version and exit.")
def main() -> None:
    """台账：工作方案月度台账的汇总、校验与通报生成。

    taizhang: merge and check the monthly ledgers of a work plan, and write the bulletin and annexes.

    \b
    一个工作区 / a workspace:
      inputs/plan.xlsx        方案（任务、指标、责任单位）/ the plan
      inputs/2018-05/*.xlsx   各单位报送的台账 / ledgers received for a month
      outputs/2018-05/        通报、通知、附件、校验报告 / documents written

    \b
    常用 / typical month:
      taizhang init 工作区 --plan 方案.docx  新建工作区并导入方案
      taizhang plan check 工作区            核对方案中还需处理的内容
      taizhang ledgers --period 2018-06     生成空白台账下发各单位
      taizhang run --period 2018-05         汇总本月台账并生成通报
      taizhang demo                         导览示例月份

    \b
    退出码 / exit codes: 0 完成（数据问题见校验报告）· 1 数据有错误（run --strict、check、plan check）
    · 2 用法错误或运行中止 · 3 程序意外出错（详细信息存入 outputs/taizhang-错误日志.txt）
    """
