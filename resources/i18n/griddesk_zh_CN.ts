<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="56"/>
        <source>Choose who handles the case…</source>
        <translation>请选择承办单位…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="62"/>
        <source>%1 (grid worker)</source>
        <translation>%1（网格员）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="67"/>
        <source>Handled by</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="75"/>
        <source>Escalate to</source>
        <translation>上报至</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="80"/>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="82"/>
        <source>Extra time</source>
        <translation>延长时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="88"/>
        <source>Card</source>
        <translation>督办等级</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="94"/>
        <source>Resident&apos;s view</source>
        <translation>群众评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="98"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="103"/>
        <source>Choose photos…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="106"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="123"/>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="124"/>
        <source>Images (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
</context>
<context>
    <name>AddressTree</name>
    <message>
        <location filename="../../app/ui/roster/address_tree.py" line="35"/>
        <source>All addresses</source>
        <translation>全部地址</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="94"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="96"/>
        <source>The whole city&apos;s log, as uploaded by every desktop</source>
        <translation>全市日志（由各台电脑上传）</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="97"/>
        <source>This computer&apos;s log</source>
        <translation>本机日志</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="103"/>
        <source>User id</source>
        <translation>用户编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="107"/>
        <source>Full value shown</source>
        <translation>查看完整信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="107"/>
        <source>Roster exported</source>
        <translation>导出台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="108"/>
        <source>Report exported</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="108"/>
        <source>Roster imported</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="109"/>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="110"/>
        <source>Created</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="110"/>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="111"/>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="111"/>
        <source>Conflict resolved</source>
        <translation>处理冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="112"/>
        <source>Change refused by the server</source>
        <translation>服务器拒绝的更改</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="113"/>
        <source>Refused change sent again</source>
        <translation>重新发送被拒更改</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="114"/>
        <source>Checked against the server</source>
        <translation>与服务器核对</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="115"/>
        <source>Dictionary updated</source>
        <translation>更新字典</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="116"/>
        <source>Dictionary loaded</source>
        <translation>载入字典</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="117"/>
        <source>Answered changes tidied away</source>
        <translation>清理已应答的待上传记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="118"/>
        <source>Demo data written</source>
        <translation>写入演示数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="120"/>
        <source>Star evidence saved</source>
        <translation>五星佐证已保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="121"/>
        <source>Star self-assessment submitted</source>
        <translation>五星自评已提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="122"/>
        <source>Star assessment reviewed</source>
        <translation>五星评定街道已审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="123"/>
        <source>Star assessment returned</source>
        <translation>五星评定退回社区</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="124"/>
        <source>Star assessment confirmed</source>
        <translation>五星评定区级已确认</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="125"/>
        <source>Star assessment sent back</source>
        <translation>五星评定退回街道</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="126"/>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="126"/>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="127"/>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="128"/>
        <source>Account locked after failed sign-ins</source>
        <translation>多次登录失败，账号锁定</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="129"/>
        <source>Sign-in slowed down after failures</source>
        <translation>多次登录失败，登录限速</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="130"/>
        <source>User created</source>
        <translation>新增用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="130"/>
        <source>User changed</source>
        <translation>修改用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="131"/>
        <source>Computer registered</source>
        <translation>登记电脑</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="132"/>
        <source>Computer withdrawn</source>
        <translation>停用电脑</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="133"/>
        <source>Computer&apos;s key renewed</source>
        <translation>更换电脑密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="134"/>
        <source>Stolen sign-in detected</source>
        <translation>发现被盗用的登录凭据</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="135"/>
        <source>Roster exported on the server</source>
        <translation>在服务器导出名册</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="136"/>
        <source>Audit log upload refused</source>
        <translation>拒收审计日志上传</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="137"/>
        <source>Audit log rewritten on a computer</source>
        <translation>电脑上的审计日志被改写</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="138"/>
        <source>Case received from a channel</source>
        <translation>从受理渠道收到事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="139"/>
        <source>Old changes removed on the server</source>
        <translation>服务器清理过期变更</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="140"/>
        <source>Org units imported</source>
        <translation>导入组织机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="141"/>
        <source>Server restored from a backup</source>
        <translation>服务器从备份恢复</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="142"/>
        <source>Sync (automatic)</source>
        <translation>同步（自动）</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="143"/>
        <location filename="../../app/ui/audit/audit_page.py" line="192"/>
        <source>GridDesk (automatic)</source>
        <translation>网格工作台（自动）</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="144"/>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="148"/>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="150"/>
        <source>Resident or record id</source>
        <translation>居民或记录编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="151"/>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="152"/>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="153"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="162"/>
        <source>Show raw details</source>
        <translation>详细（原始记录）</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="166"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="166"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="166"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="167"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="167"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="167"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="168"/>
        <source>As stored</source>
        <translation>原始记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="194"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="199"/>
        <source>Other action</source>
        <translation>其他操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="205"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="210"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="212"/>
        <location filename="../../app/ui/audit/audit_page.py" line="237"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="212"/>
        <location filename="../../app/ui/audit/audit_page.py" line="237"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="223"/>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="227"/>
        <source>Changed: %1</source>
        <translation>修改了：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="238"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="261"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="275"/>
        <source>The log could not be read: %1</source>
        <translation>无法读取日志：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="285"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="295"/>
        <source>%1: broken at record %2</source>
        <translation>%1：在第 %2 条断开</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="296"/>
        <source>this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="298"/>
        <source>The audit chain is broken — records were changed or removed: %1</source>
        <translation>审计链已断开——有记录被修改或删除：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/audit/audit_page.py" line="303"/>
        <source>Every chain is intact (%1 records checked).</source>
        <translation>所有审计链完整（已核验 %1 条记录）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/audit/audit_page.py" line="307"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BusyBar</name>
    <message>
        <location filename="../../app/ui/io/busy.py" line="100"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/busy.py" line="125"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/busy.py" line="125"/>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/busy.py" line="126"/>
        <source>Writing to the roster…</source>
        <translation>正在写入台账…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/busy.py" line="127"/>
        <source>Updating the search index…</source>
        <translation>正在更新搜索索引…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/busy.py" line="128"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/busy.py" line="128"/>
        <source>Sorting the rows…</source>
        <translation>正在整理…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/busy.py" line="129"/>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
</context>
<context>
    <name>Card</name>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="217"/>
        <source>Click a number to see its cases.</source>
        <translation>点击数字查看对应事件。</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="177"/>
        <source>Copy number</source>
        <translation>复制编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="201"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="207"/>
        <source>Timeline</source>
        <translation>处置过程</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="235"/>
        <source>Case %1</source>
        <translation>事件 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="263"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="264"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="265"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="266"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="267"/>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="268"/>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="271"/>
        <source>Held by</source>
        <translation>当前处置</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="272"/>
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="273"/>
        <source>Supervision</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="274"/>
        <source>Rework</source>
        <translation>返工次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="275"/>
        <source>Residents involved</source>
        <translation>涉及居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="276"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="348"/>
        <source>Photo not downloaded yet</source>
        <translation>照片尚未下载</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="358"/>
        <source>Downloading photo…</source>
        <translation>正在下载照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="368"/>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_detail.py" line="370"/>
        <source>%1 working days</source>
        <translation>%1 个工作日</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <location filename="../../app/ui/cases/case_model.py" line="125"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_model.py" line="125"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_model.py" line="125"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_model.py" line="125"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_model.py" line="126"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_model.py" line="126"/>
        <source>Held by</source>
        <translation>当前处置</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_model.py" line="126"/>
        <source>Time left</source>
        <translation>剩余时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_model.py" line="127"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
</context>
<context>
    <name>Cases</name>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="10"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="11"/>
        <source>To accept</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="12"/>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="13"/>
        <source>Dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="14"/>
        <source>Handling</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="15"/>
        <source>To verify</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="16"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="17"/>
        <source>Evaluated</source>
        <translation>已评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="18"/>
        <source>Rejected</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="25"/>
        <source>Report</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="26"/>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="27"/>
        <source>Reject</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="28"/>
        <source>Handle myself</source>
        <translation>自行处置</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="29"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="30"/>
        <source>Escalate</source>
        <translation>上报上级（吹哨）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="31"/>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="32"/>
        <source>Sign for</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="33"/>
        <source>Report handled</source>
        <translation>处置反馈</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="34"/>
        <source>Verify: pass</source>
        <translation>核查通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="35"/>
        <source>Verify: fail</source>
        <translation>核查不通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="36"/>
        <source>Evaluate</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="37"/>
        <source>Request extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="38"/>
        <source>Approve extension</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="39"/>
        <source>Deny extension</source>
        <translation>驳回延期</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="40"/>
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="41"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="42"/>
        <source>Add photos</source>
        <translation>补充照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="43"/>
        <source>Reply to the resident</source>
        <translation>答复居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="50"/>
        <source>On time</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="51"/>
        <source>Nearly due</source>
        <translation>临期</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="52"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="58"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="59"/>
        <source>Yellow card</source>
        <translation>黄牌</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="60"/>
        <source>Red card</source>
        <translation>红牌</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="66"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="67"/>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="68"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="74"/>
        <source>The case is closed; it cannot be changed.</source>
        <translation>事件已结案，不能再变更。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="75"/>
        <source>This step does not fit the case&apos;s current state.</source>
        <translation>该操作与事件当前状态不符。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="76"/>
        <source>Your role may not take this step.</source>
        <translation>您的角色无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="77"/>
        <source>This category must be dispatched; it cannot be handled by the grid worker.</source>
        <translation>该类事件须派遣处置，网格员不能自行处置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="79"/>
        <source>Choose who handles the case.</source>
        <translation>请选择处置单位或人员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="80"/>
        <source>Choose the level to escalate to.</source>
        <translation>请选择上报的层级。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="81"/>
        <source>Ask for 1 to 30 working days.</source>
        <translation>延期天数应为 1 至 30 个工作日。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="82"/>
        <source>An extension request is already waiting.</source>
        <translation>已有延期申请待审批。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="83"/>
        <source>No extension request is waiting.</source>
        <translation>没有待审批的延期申请。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="84"/>
        <source>Choose a yellow or red card.</source>
        <translation>请选择黄牌或红牌。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="85"/>
        <source>Choose how satisfied the resident is.</source>
        <translation>请选择群众满意程度。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="107"/>
        <source>%1 working d</source>
        <translation>%1个工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="108"/>
        <source>%1 d</source>
        <translation>%1天</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="111"/>
        <source>%1 working d %2 h</source>
        <translation>%1个工作日%2小时</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="112"/>
        <source>%1 d %2 h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="115"/>
        <source>%1 h</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="117"/>
        <source>%1 h %2 min</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="118"/>
        <source>%1 min</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="136"/>
        <source>overdue %1</source>
        <translation>超期 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="137"/>
        <source>acceptance %1</source>
        <translation>受理%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="139"/>
        <source>%1 left to accept</source>
        <translation>受理剩 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/case_labels.py" line="140"/>
        <source>%1 left</source>
        <translation>剩 %1</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../app/ui/cases/cases_page.py" line="37"/>
        <source>Title or case number</source>
        <translation>标题或事件编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/cases_page.py" line="39"/>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/cases_page.py" line="40"/>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/cases_page.py" line="45"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/cases_page.py" line="49"/>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/cases_page.py" line="50"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/cases_page.py" line="51"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/cases_page.py" line="52"/>
        <source>Quick report</source>
        <translation>随手拍</translation>
    </message>
</context>
<context>
    <name>ClaimDialog</name>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="36"/>
        <source>Evidence: %1</source>
        <translation>佐证材料：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="38"/>
        <source>This criterion is met</source>
        <translation>该指标已达到</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="43"/>
        <source>What was done, when, and where the records are</source>
        <translation>做了什么、何时做的、记录在哪里</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="47"/>
        <source>Double-click a photo to see it</source>
        <translation>双击照片查看</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="51"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="66"/>
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="68"/>
        <source>Photos (scans of minutes, sign-in sheets, activities):</source>
        <translation>照片（会议记录、签到表、活动现场的扫描件或照片）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="76"/>
        <source>Photo %1…</source>
        <translation>照片 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="88"/>
        <source>The photo is not downloaded yet: sync, then try again.</source>
        <translation>照片尚未下载：请同步后再试。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="97"/>
        <source>Downloading photo…</source>
        <translation>正在下载照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="102"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="103"/>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.heic)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.heic)</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="122"/>
        <source>The note is too long (at most %1 characters).</source>
        <translation>说明太长（最多 %1 个字）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="126"/>
        <source>A criterion claimed as met needs a note or a photo.</source>
        <translation>申报达到的指标须附说明或照片。</translation>
    </message>
</context>
<context>
    <name>ColumnsStep</name>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="28"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="33"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="33"/>
        <source>Header in the file</source>
        <translation>文件中的表头</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="34"/>
        <source>First values</source>
        <translation>前几行内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="34"/>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="46"/>
        <source>Check the guess in “Import as”; columns set to “(ignore)” are not imported. 姓名, 身份证号 and 人员类别 are required.</source>
        <translation>请核对“导入为”一列的自动识别结果；设为“（不导入）”的列不会导入。姓名、身份证号和人员类别为必填。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="63"/>
        <source>Header in row %1; data from row %2 (%3 rows).</source>
        <translation>表头在第 %1 行；数据从第 %2 行开始（共 %3 行）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="66"/>
        <source>Encoding: %1.</source>
        <translation>编码：%1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="102"/>
        <source>(ignore)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="123"/>
        <source>Each field can come from one column only: %1.</source>
        <translation>每个字段只能对应一列：%1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/columns_step.py" line="127"/>
        <source>Choose the column for %1.</source>
        <translation>请指定%1所在的列。</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../app/ui/shell/crash_dialog.py" line="36"/>
        <source>GridDesk ran into a problem</source>
        <translation>网格工作台遇到了问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/crash_dialog.py" line="41"/>
        <source>An unexpected error occurred.</source>
        <translation>发生了意外错误。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/crash_dialog.py" line="44"/>
        <source>Everything GridDesk reported as saved is safe: each change is saved as it is made. You can continue working, or quit and start GridDesk again.

A report was written for IT. Please send them this file:</source>
        <translation>凡是已提示保存的内容都不会丢失：每项修改在操作时即已保存。您可以继续工作，也可以退出后重新启动网格工作台。

已为信息技术人员生成一份错误报告，请把下面这个文件发给他们：</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/crash_dialog.py" line="61"/>
        <location filename="../../app/ui/shell/crash_dialog.py" line="110"/>
        <source>Show details</source>
        <translation>显示详情</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/crash_dialog.py" line="64"/>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/crash_dialog.py" line="66"/>
        <source>Open report folder</source>
        <translation>打开报告所在文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/crash_dialog.py" line="69"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/crash_dialog.py" line="71"/>
        <source>Quit GridDesk</source>
        <translation>退出网格工作台</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/crash_dialog.py" line="110"/>
        <source>Hide details</source>
        <translation>隐藏详情</translation>
    </message>
</context>
<context>
    <name>DecideModel</name>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="101"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="101"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="101"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="102"/>
        <source>What the file changes</source>
        <translation>文件将修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="102"/>
        <source>Decision</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="119"/>
        <source>household</source>
        <translation>所在户</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="120"/>
        <source>nothing</source>
        <translation>无变化</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="123"/>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="123"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="124"/>
        <source>(decide)</source>
        <translation>（待定）</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <location filename="../../app/ui/shell/diagnostics_export.py" line="46"/>
        <source>Export diagnostics</source>
        <translation>导出诊断信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/diagnostics_export.py" line="59"/>
        <source>Zip files (*.zip)</source>
        <translation>Zip 压缩文件 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/diagnostics_export.py" line="76"/>
        <source>Diagnostics saved to:
%1

They hold logs, versions and settings, and no resident data. Send the file to IT.</source>
        <translation>诊断信息已保存到：
%1

其中包含日志、版本和设置，不含任何居民数据。请把该文件发给信息技术人员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/diagnostics_export.py" line="83"/>
        <source>The diagnostics could not be saved:
%1</source>
        <translation>诊断信息未能保存：
%1</translation>
    </message>
</context>
<context>
    <name>DrillDownDialog</name>
    <message numerus="yes">
        <location filename="../../app/ui/reports/drilldown.py" line="62"/>
        <source>%n case(s); double-click one to open it.</source>
        <translation>
            <numerusform>共 %n 件；双击可打开。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="38"/>
        <location filename="../../app/ui/io/export_dialog.py" line="104"/>
        <source>Export residents</source>
        <translation>导出居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="48"/>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="50"/>
        <source>Full ID numbers and phone numbers</source>
        <translation>导出完整身份证号和电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="56"/>
        <source>(your role exports masked values only)</source>
        <translation>（您的角色只能导出脱敏数据）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="57"/>
        <source>The file carries your name and the time on every page, and the export is recorded in the audit log. Keep it safe and delete it when it is no longer needed.</source>
        <translation>导出文件每页都带有您的姓名和导出时间，本次导出将记入审计日志。请妥善保管，不再需要时及时删除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="69"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="73"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="97"/>
        <source>%1 resident(s) in the current list (search and filters as on the roster page).</source>
        <translation>当前列表共 %1 人（按台账页面当前的搜索和筛选条件）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="105"/>
        <source>residents-%1.xlsx</source>
        <translation>居民台账-%1.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="146"/>
        <source>masked</source>
        <translation>已脱敏</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="146"/>
        <source>full values</source>
        <translation>完整信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="148"/>
        <source>Exported %1 resident(s) (%2) to %3</source>
        <translation>已导出 %1 人（%2）到 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="157"/>
        <source>Cancelled: no file was written.</source>
        <translation>已取消，未生成文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="159"/>
        <source>Your role may not export this.</source>
        <translation>您的角色无权导出此内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="161"/>
        <source>Not exported: %1</source>
        <translation>导出失败：%1</translation>
    </message>
</context>
<context>
    <name>FileStep</name>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="20"/>
        <source>Import residents from an Excel workbook (.xlsx) or a CSV file (UTF-8 or GBK). Your own sheets work: title rows, blank lines and merged headers are skipped, and common headers such as 姓名, 身份证号 and 现住址 are recognised. Nothing is written until you have seen the preview.</source>
        <translation>从 Excel 工作簿（.xlsx）或 CSV 文件（UTF-8 或 GBK 编码）导入居民。可直接使用社区现有的表格：标题行、空行和合并的表头会自动跳过，姓名、身份证号、现住址等常见表头会自动识别。预览确认之前不会写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="27"/>
        <source>Choose a file…</source>
        <translation>请选择文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="28"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="48"/>
        <source>Rows are placed by their address; this grid takes new estates and rows without an address.</source>
        <translation>各行按现住址归入对应网格；新的小区和没有住址的人员归入此网格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="56"/>
        <source>Ask me, person by person</source>
        <translation>逐人询问</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="57"/>
        <source>Update them with the file&apos;s values (blank cells change nothing)</source>
        <translation>用文件内容更新（空白单元格不改动原有信息）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="59"/>
        <source>Skip them: keep the roster as it is</source>
        <translation>跳过，保留台账原有信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="68"/>
        <source>(leave blank cells as problems)</source>
        <translation>（不填，按错误处理）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="76"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="77"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="79"/>
        <source>People already in the roster
(same ID number)</source>
        <translation>台账中已有的人员
（身份证号相同）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="80"/>
        <source>Residence type where blank</source>
        <translation>人员类别为空时按</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="89"/>
        <source>Import residents</source>
        <translation>导入居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/file_step.py" line="90"/>
        <source>Spreadsheets (*.xlsx *.csv *.txt);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.csv *.txt);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FindingToCaseDialog</name>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="58"/>
        <source>Turn finding into a case</source>
        <translation>走访发现转为事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="69"/>
        <source>Choose photos…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="72"/>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="72"/>
        <source>Images (%1)</source>
        <translation>图片（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="77"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="78"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="79"/>
        <source>Finding</source>
        <translation>走访发现</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="80"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/cases/finding_case.py" line="83"/>
        <source>The visit&apos;s %n photo(s) come along.</source>
        <translation>
            <numerusform>
            </numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="91"/>
        <source>Report case</source>
        <translation>上报事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="113"/>
        <source>Copy number</source>
        <translation>复制编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="117"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/finding_case.py" line="155"/>
        <source>The finding is now a case. Its number:</source>
        <translation>该发现已转为事件。事件编号：</translation>
    </message>
</context>
<context>
    <name>FormTasks</name>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="61"/>
        <source>The city server cannot be reached. Nothing was lost: try again when the connection is back.</source>
        <translation>连不上市级服务器。没有丢失任何内容：网络恢复后再试。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="64"/>
        <source>Sign in to the city server again (Sync page).</source>
        <translation>请重新登录市级服务器（同步页）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="67"/>
        <source>The workbook is empty.</source>
        <translation>工作簿是空的。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="68"/>
        <source>The workbook is larger than 8 MB.</source>
        <translation>工作簿超过 8 MB。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="69"/>
        <source>This is not an .xlsx workbook.</source>
        <translation>这不是 .xlsx 工作簿。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="70"/>
        <source>The workbook is damaged.</source>
        <translation>工作簿已损坏。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="71"/>
        <source>The workbook is password protected.</source>
        <translation>工作簿设有密码保护。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="72"/>
        <source>Choose a due date.</source>
        <translation>请选择截止日期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="73"/>
        <source>The due date lies in the past.</source>
        <translation>截止日期已过。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="74"/>
        <source>Your role may not do this.</source>
        <translation>您的角色无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="75"/>
        <source>This task no longer exists.</source>
        <translation>该任务已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="76"/>
        <source>A newer version of this table was published: fill that one.</source>
        <translation>此表已发布新版本，请填报新版本。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="82"/>
        <source>The table&apos;s mapping is incomplete (%1).</source>
        <translation>表格的字段对应不完整（%1）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="84"/>
        <source>The server refused: %1</source>
        <translation>服务器拒绝：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="88"/>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="89"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="90"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="91"/>
        <source>Submitted after the due date</source>
        <translation>逾期后提交</translation>
    </message>
</context>
<context>
    <name>FormTasksPanel</name>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="284"/>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="284"/>
        <source>From</source>
        <translation>发布单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="284"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="285"/>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="285"/>
        <source>Our return</source>
        <translation>本社区报送</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="292"/>
        <source>Open and fill…</source>
        <translation>打开并填报…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="295"/>
        <source>Progress…</source>
        <translation>进度…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="298"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="313"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="329"/>
        <source>Submitted %1 (%2 to complete)</source>
        <translation>已于 %1 提交（待补录 %2 项）</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="331"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="331"/>
        <source>To fill</source>
        <translation>待填报</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="340"/>
        <source>Tables: %1</source>
        <translation>共 %1 张表</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="341"/>
        <source>No tables to fill.</source>
        <translation>没有待填报的表格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="348"/>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="56"/>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="57"/>
        <source>Rented houses</source>
        <translation>出租房屋</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="58"/>
        <source>Organizations</source>
        <translation>单位场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="63"/>
        <source>Your role may not fill tables from the roster.</source>
        <translation>您的角色不能用台账填表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="64"/>
        <source>Your role may not take full values out.</source>
        <translation>您的角色不能导出完整的身份证号和电话。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="65"/>
        <source>Say why full values are needed.</source>
        <translation>请说明需要完整信息的原因。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="66"/>
        <source>Key groups go out only with the right to see them.</source>
        <translation>重点人群只有具备查看权限的角色才能导出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="67"/>
        <source>This file cannot be read: save it as .xlsx.</source>
        <translation>无法读取此文件：请另存为 .xlsx 格式。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="68"/>
        <source>No table header in the first 30 rows.</source>
        <translation>前30行中没有找到表头。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="549"/>
        <source>Fill a department&apos;s table…</source>
        <translation>一表通填报…</translation>
    </message>
</context>
<context>
    <name>FormsDialog</name>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="79"/>
        <source>Fill a department&apos;s table (一表通)</source>
        <translation>一表通：按部门表格填报</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="88"/>
        <source>Open template…</source>
        <translation>打开表格模板…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="91"/>
        <source>Open saved mapping…</source>
        <translation>打开已保存的对应关系…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="93"/>
        <source>No template open.</source>
        <translation>尚未打开模板。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="103"/>
        <source>Column in the template</source>
        <translation>模板中的列</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="104"/>
        <source>Filled from</source>
        <translation>填入内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="111"/>
        <source>Columns</source>
        <translation>列对应</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="132"/>
        <location filename="../../app/ui/forms/forms_dialog.py" line="146"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="137"/>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="142"/>
        <location filename="../../app/ui/forms/forms_dialog.py" line="143"/>
        <location filename="../../app/ui/forms/forms_dialog.py" line="245"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="148"/>
        <source>Who the table lists</source>
        <translation>填报范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="150"/>
        <source>Tags (any of)</source>
        <translation>标签（任一）</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="151"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="152"/>
        <source>Residence type</source>
        <translation>人员类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="153"/>
        <location filename="../../app/ui/forms/forms_dialog.py" line="201"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="154"/>
        <source>House use</source>
        <translation>房屋用途</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="155"/>
        <source>Organization type</source>
        <translation>单位类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="156"/>
        <source>Visits and inspections from</source>
        <translation>走访、检查日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="159"/>
        <source>Full ID numbers and phones</source>
        <translation>完整身份证号和电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="162"/>
        <source>Why full values are needed (audited)</source>
        <translation>需要完整信息的原因（记入审计日志）</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="168"/>
        <source>Fill and save…</source>
        <translation>填报并保存…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="172"/>
        <source>Save mapping…</source>
        <translation>保存对应关系…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="182"/>
        <source>Publish…</source>
        <translation>发布…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="186"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="200"/>
        <source>Who or what</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="200"/>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="201"/>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="205"/>
        <source>To complete in the roster (待补录)</source>
        <translation>待补录（请在台账中补充）</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="233"/>
        <source>Task from %1: %2 (version %3), due %4. Fill it, complete the gaps, then submit.</source>
        <translation>%1 下发的任务：%2（第 %3 版），截止 %4。请填报、补录缺项，然后提交。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="250"/>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="260"/>
        <source>Your role fills tables with masked values.</source>
        <translation>您的角色只能填报脱敏后的信息。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="264"/>
        <source>Open template</source>
        <translation>打开表格模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="265"/>
        <location filename="../../app/ui/forms/forms_dialog.py" line="432"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="270"/>
        <source>Open saved mapping</source>
        <translation>打开已保存的对应关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="271"/>
        <location filename="../../app/ui/forms/forms_dialog.py" line="422"/>
        <source>Table mappings (*.json)</source>
        <translation>表格对应关系 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="276"/>
        <source>This file is not a saved table mapping.</source>
        <translation>此文件不是已保存的表格对应关系。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="319"/>
        <source>%1 · rows are %2 · header in rows %3–%4%5</source>
        <translation>%1 · 每行一个%2 · 表头在第%3–%4行%5</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="322"/>
        <source> · a 合计 row</source>
        <translation> · 含合计行</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="331"/>
        <source>Computed by the template&apos;s formula</source>
        <translation>由模板公式计算</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="336"/>
        <source>— not filled —</source>
        <translation>— 不填 —</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="363"/>
        <source>%1 of %2 columns filled from the roster; pick a field for the highlighted ones.</source>
        <translation>共%2列，%1列可从台账填入；请为高亮的列选择字段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="367"/>
        <source>Every column is filled from the roster (%1).</source>
        <translation>全部%1列均可从台账填入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="420"/>
        <source>Save mapping</source>
        <translation>保存对应关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="425"/>
        <source>Mapping saved: %1</source>
        <translation>对应关系已保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="430"/>
        <source>Save the filled table</source>
        <translation>保存填好的表格</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="466"/>
        <source>The table could not be written: %1</source>
        <translation>表格未能写入：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="472"/>
        <source>Filling…</source>
        <translation>正在填报…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="478"/>
        <source>%1 rows written to %2 (%3). %4 cells to complete (highlighted in the workbook).</source>
        <translation>已写入%1行到%2（%3）。%4个单元格待补录（已在表格中高亮）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="482"/>
        <source>masked</source>
        <translation>已脱敏</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="483"/>
        <source>full values</source>
        <translation>完整信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="507"/>
        <source>Published: %1, version %2, due %3.</source>
        <translation>已发布：%1，第 %2 版，截止 %3。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="519"/>
        <source>Submitted (return %1): %2 rows, %3 cells to complete.</source>
        <translation>已提交（第 %1 次报送）：%2 行，待补录 %3 项。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="528"/>
        <source>The filled table stays saved at %1.</source>
        <translation>已填好的表格仍保存在 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/forms_dialog.py" line="533"/>
        <source>Submitting…</source>
        <translation>正在提交…</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="97"/>
        <source>Quick report</source>
        <translation>随手拍</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="105"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="117"/>
        <source>Cases to handle</source>
        <translation>待我办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="118"/>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="119"/>
        <source>Nearly overdue</source>
        <translation>临近超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="120"/>
        <location filename="../../app/ui/reports/home_page.py" line="151"/>
        <source>Visits due</source>
        <translation>待走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="121"/>
        <source>Conflicts to resolve</source>
        <translation>待处理冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="122"/>
        <location filename="../../app/ui/reports/home_page.py" line="156"/>
        <source>Inspections due</source>
        <translation>待检查单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="127"/>
        <source>Changes made on two devices to the same field; resolve them on the Sync page.</source>
        <translation>两台设备修改了同一字段；请在“同步”页面处理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="141"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="141"/>
        <location filename="../../app/ui/reports/home_page.py" line="153"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="141"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="142"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="142"/>
        <source>Visit every</source>
        <translation>走访周期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="143"/>
        <source>Last visit</source>
        <translation>上次走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="143"/>
        <source>Due</source>
        <translation>走访到期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="149"/>
        <source>To handle</source>
        <translation>待办事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="150"/>
        <source>Overdue and nearly overdue</source>
        <translation>超期与临期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="152"/>
        <source>Organization</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="152"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="153"/>
        <source>Last inspected</source>
        <translation>最近检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="154"/>
        <source>Inspect by</source>
        <translation>应检日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="160"/>
        <source>一表通 tasks</source>
        <translation>一表通任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="178"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="178"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="178"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="178"/>
        <location filename="../../app/ui/reports/home_page.py" line="186"/>
        <source>Time left</source>
        <translation>剩余时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="179"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="181"/>
        <source>Level</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="234"/>
        <location filename="../../app/ui/reports/home_page.py" line="240"/>
        <source>Never visited</source>
        <translation>从未走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="235"/>
        <source>House: %1</source>
        <translation>房屋：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/home_page.py" line="243"/>
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>超期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="244"/>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/home_page.py" line="245"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="263"/>
        <source>Never inspected</source>
        <translation>从未检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="265"/>
        <source>Overdue since %1</source>
        <translation>自 %1 起逾期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="299"/>
        <source>whole local database</source>
        <translation>本机全部数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="300"/>
        <source>Hello, %1</source>
        <translation>您好，%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="302"/>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="309"/>
        <source>The overview could not be loaded: %1</source>
        <translation>工作台数据加载失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="333"/>
        <source>Your role handles no cases and visits no residents.</source>
        <translation>您的角色不办理事件，也不走访居民。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/home_page.py" line="335"/>
        <source>The first %1 cases are listed; the Cases page has all of them.</source>
        <translation>仅列出前 %1 件；全部事件请到“事件”页面查看。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/home_page.py" line="338"/>
        <source>%n case(s) you reported are still open.</source>
        <translation>
            <numerusform>您上报的 %n 件事件尚未办结。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HouseDialog</name>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="32"/>
        <location filename="../../app/ui/places/house_dialog.py" line="156"/>
        <source>House</source>
        <translation>房屋</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="32"/>
        <source>New house</source>
        <translation>新增房屋</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="37"/>
        <source>Street, door number, estate or room, e.g. 红专路12号</source>
        <translation>街路巷、门牌号、小区或户室，例如 红专路12号</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="42"/>
        <source>m², e.g. 56.5</source>
        <translation>平方米，例如 56.5</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="44"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="53"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="54"/>
        <source>Use</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="55"/>
        <source>Property type</source>
        <translation>房屋性质</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="56"/>
        <source>Floor area</source>
        <translation>建筑面积</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="57"/>
        <source>Owner</source>
        <translation>产权人</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="58"/>
        <source>Owner&apos;s phone</source>
        <translation>产权人电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="59"/>
        <source>Rental (出租屋登记)</source>
        <translation>出租屋登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="61"/>
        <source>Landlord</source>
        <translation>房东</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="62"/>
        <source>Landlord&apos;s phone</source>
        <translation>房东电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="63"/>
        <source>Registration number</source>
        <translation>登记编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="64"/>
        <source>Registered on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="65"/>
        <source>Last checked on</source>
        <translation>最近核查日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="66"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="67"/>
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="67"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="67"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="68"/>
        <source>Moved in</source>
        <translation>入住日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="68"/>
        <location filename="../../app/ui/places/house_dialog.py" line="189"/>
        <source>Moved out</source>
        <translation>搬离日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="72"/>
        <source>Add tenant…</source>
        <translation>添加租户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="74"/>
        <source>Moved out…</source>
        <translation>搬离…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="80"/>
        <source>Tenants</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="153"/>
        <source>Find and choose the address of the house.</source>
        <translation>请查找并选择房屋地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="171"/>
        <source>Add tenant</source>
        <translation>添加租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="171"/>
        <source>Moved in on</source>
        <translation>入住日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="187"/>
        <source>Choose the tenant who moved out.</source>
        <translation>请选择已搬离的租户。</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/house_dialog.py" line="189"/>
        <source>Moved out on</source>
        <translation>搬离日期</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="28"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="31"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="31"/>
        <source>Relation to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="31"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="32"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="32"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="34"/>
        <source>Add member…</source>
        <translation>添加成员…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="36"/>
        <source>Move to another household…</source>
        <translation>迁到其他户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="55"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="57"/>
        <source>Household %1</source>
        <translation>户号 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="59"/>
        <source>Type: %1&#x3000;Head: %2&#x3000;Members: %3</source>
        <translation>类型：%1&#x3000;户主：%2&#x3000;人数：%3</translation>
    </message>
</context>
<context>
    <name>HouseholdPicker</name>
    <message>
        <location filename="../../app/ui/roster/household_picker.py" line="25"/>
        <source>Household number or address, e.g. 3号楼 501</source>
        <translation>户号或地址，如 3号楼 501</translation>
    </message>
</context>
<context>
    <name>HouseholdsDialog</name>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="161"/>
        <source>Number</source>
        <translation>户号</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="161"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="161"/>
        <source>Members</source>
        <translation>人数</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/map_page.py" line="169"/>
        <source>%n household(s); double-click one to open it.</source>
        <translation>
            <numerusform>共 %n 户；双击可打开。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HousesPage</name>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="38"/>
        <source>Houses</source>
        <translation>房屋</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="42"/>
        <source>Address, owner or landlord</source>
        <translation>地址、产权人或房东</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="44"/>
        <source>All uses</source>
        <translation>全部用途</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="46"/>
        <source>Needs attention only</source>
        <translation>只看需关注</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="47"/>
        <source>New house…</source>
        <translation>新增房屋…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="55"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="60"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="68"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="68"/>
        <source>Use</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="68"/>
        <source>Property type</source>
        <translation>房屋性质</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="69"/>
        <source>Area (m²)</source>
        <translation>面积（m²）</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="69"/>
        <source>Owner</source>
        <translation>产权人</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="69"/>
        <source>Tenants</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="70"/>
        <source>Needs attention</source>
        <translation>需关注</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="116"/>
        <source>%1 houses, %2 rented out, %3 registered (%4).</source>
        <translation>共 %1 处房屋，出租 %2 处，已登记 %3 处（%4）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/houses_page.py" line="124"/>
        <source>Needs attention: %1.</source>
        <translation>需关注：%1。</translation>
    </message>
</context>
<context>
    <name>ImportMessages</name>
    <message>
        <location filename="../../app/ui/io/wording.py" line="27"/>
        <source>an ethnic group such as 汉族 or 回族</source>
        <translation>民族名称，如 汉族 或 回族</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="39"/>
        <source>Excel stored this ID number as a number and kept only 15 digits (%1). Format the column as text and type the number again.</source>
        <translation>Excel 把这个身份证号存成了数字，只保留了前 15 位（%1）。请把这一列设置为“文本”格式，重新输入身份证号。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="42"/>
        <source>The check character does not match and the number ends in 000: Excel probably stored it as a number and dropped the last digits. Format the column as text and type the number again.</source>
        <translation>校验码不符且末尾为 000：很可能是 Excel 把身份证号存成了数字，丢掉了后几位。请把这一列设置为“文本”格式，重新输入身份证号。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="46"/>
        <source>The ID column went through Excel&apos;s number format (IDs in scientific notation or cut to …000), so no ID in it can be trusted, this one (%1) included. In Excel format the column as 文本 (text), type or paste the numbers again and export the file again.</source>
        <translation>身份证号列被 Excel 按数值格式处理过（出现科学计数法或末尾被截成…000），该列的号码都不可信，本行（%1）也是。请在 Excel 中将该列设置为“文本”格式，重新输入或粘贴号码后再导出文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="51"/>
        <source>Cell %1 (%2) is a number, %3: Excel dropped its leading zeros (other cells of the column have %4 digits, e.g. %5). Format the column as 文本 (text) and type %6 again.</source>
        <translation>单元格 %1（%2）是数值 %3：Excel 去掉了开头的 0（该列其他单元格为 %4 位，如 %5）。请将该列设置为“文本”格式，重新输入 %6。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="58"/>
        <source>Sheet “%1”, cell %2 (%3) holds the Excel error %4, not a value: correct the formula or type the value.</source>
        <translation>工作表“%1”单元格 %2（%3）是 Excel 错误值 %4，不是数据：请修正公式或直接填写数值。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="63"/>
        <source>子女 needs the person&apos;s gender to be read as son or daughter: fill in 性别 or write 儿子 / 女儿.</source>
        <translation>“子女”需要性别才能确定是儿子还是女儿：请填写性别，或直接写“儿子”/“女儿”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="66"/>
        <source>The ID number is stored as a number in the sheet. It is complete, but format the column as text before editing it in Excel.</source>
        <translation>表格中的身份证号是数字格式。目前号码完整，但在 Excel 中修改前请先把这一列设置为“文本”格式。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="69"/>
        <source>Same ID number as row %1 (%2): keep one of the two rows.</source>
        <translation>与第 %1 行（%2）的身份证号重复：请只保留其中一行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="72"/>
        <source>This ID number is registered for %1 outside your area.</source>
        <translation>此身份证号已登记在您管辖范围以外的 %1 名下。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="75"/>
        <source>“%1” is not a date: write e.g. 2026-11-28 (2026/11/28, 2026年11月28日 and 20261128 work too).</source>
        <translation>“%1”不是有效日期：请填写如 2026-11-28（也可写 2026/11/28、2026年11月28日 或 20261128）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="78"/>
        <source>“%1” is not a known value; use one of: %2.</source>
        <translation>无法识别“%1”，请填写以下之一：%2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="81"/>
        <source>The cell is a number and lost its leading 0; read as %1.</source>
        <translation>该单元格为数字格式，开头的 0 丢失了，已按 %1 读取。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="87"/>
        <source>The address names no estate (小区): write it first, e.g. 幸福小区3号楼2单元501室.</source>
        <translation>地址中没有小区名称：请写在最前面，如 幸福小区3号楼2单元501室。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="89"/>
        <source>More than one estate is called “%1”: add a 所属网格 (grid) column.</source>
        <translation>有多个小区都叫“%1”：请增加“所属网格”一列。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="92"/>
        <source>The street of “%1” is in more than one grid of your area: add a 所属网格 (grid) column.</source>
        <translation>“%1”所在的街路巷在您辖区的多个网格中都有：请增加“所属网格”列。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="95"/>
        <source>This building has several units: write the unit, e.g. 2单元.</source>
        <translation>这栋楼有多个单元：请写明单元，如 2单元。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="97"/>
        <source>Building, unit or room number out of range (building 1–999, unit 1–99, room 1–9999).</source>
        <translation>楼栋、单元或房号超出范围（楼栋 1–999，单元 1–99，房号 1–9999）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="100"/>
        <source>This address is not in the address tree yet: tick “Create missing addresses” or correct the address.</source>
        <translation>地址库中还没有这个地址：请勾选“新建缺少的地址”，或改正地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="103"/>
        <source>Several households live at this address: fill in the household number (户号).</source>
        <translation>这个地址有多户居住：请填写户号。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="105"/>
        <source>Household %1 is at another address: one household, one address.</source>
        <translation>户号 %1 登记的是另一个地址：同一户只能有一个地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="108"/>
        <source>(see row %1)</source>
        <translation>（见第 %1 行）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="112"/>
        <source>Row %1 is already the head (本人) of this household: one head per household.</source>
        <translation>第 %1 行已是该户的户主（本人）：每户只能有一个户主。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="114"/>
        <source>This household already has a head (本人) in the roster.</source>
        <translation>台账中该户已有户主（本人）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="116"/>
        <source>No resident with the ID number %1 in your area: import or register the person in the roster first.</source>
        <translation>辖区内没有身份证号为 %1 的居民：请先在居民台账中导入或登记此人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="118"/>
        <source>Same address as row %1: one house per address, keep one of the two rows.</source>
        <translation>与第 %1 行地址相同：一个地址只有一处房屋，请保留其中一行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="121"/>
        <source>Same organization as row %1: keep one of the two rows.</source>
        <translation>与第 %1 行是同一个单位：请保留其中一行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="124"/>
        <source>No grid “%1” in your area.</source>
        <translation>您的管辖范围内没有网格“%1”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="131"/>
        <source>The file cannot be found.</source>
        <translation>找不到该文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="133"/>
        <source>The file cannot be opened: %1</source>
        <translation>无法打开该文件：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="135"/>
        <source>The file is empty.</source>
        <translation>文件是空的。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="137"/>
        <source>The workbook is damaged or incomplete (copied or downloaded only in part?). Open it in Excel or WPS and save it again as .xlsx.</source>
        <translation>工作簿已损坏或不完整（可能没有复制或下载完整）。请用 Excel 或 WPS 打开后重新另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="140"/>
        <source>This is an old Excel 97–2003 (.xls) or WPS (.et) workbook, or one protected by a password. Open it in Excel or WPS, save it as .xlsx without a password and import that file.</source>
        <translation>这是旧版 Excel 97–2003（.xls）或 WPS（.et）文件，或是设置了密码的工作簿。请用 Excel 或 WPS 打开，另存为不带密码的 .xlsx 后再导入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="144"/>
        <source>The file is neither UTF-8, GBK (GB18030) nor Big5 text, so its Chinese cannot be read. In Excel or WPS save it as “CSV UTF-8” or as .xlsx.</source>
        <translation>该文件不是 UTF-8、GBK（GB18030）或 Big5 编码的文本，无法读取其中的中文。请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 格式。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="160"/>
        <source>The file is Big5 text (traditional Chinese, as written in Hong Kong and Taiwan) and was read as such; names are kept as written.</source>
        <translation>该文件为 Big5 编码（繁体中文，港台地区常用），已按 Big5 读取；姓名按原样保留。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="163"/>
        <source>Read sheet “%1”: its header names the most roster columns (the first sheet, “%2”, is not the roster). Choose another sheet above if this is wrong.</source>
        <translation>已读取工作表“%1”：其表头对应的花名册列最多（第一个工作表“%2”不是花名册）。如不对，请在上方选择其他工作表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="175"/>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="176"/>
        <source>signature footer</source>
        <translation>签字栏</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="177"/>
        <source>note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="178"/>
        <source>header repeated</source>
        <translation>重复表头</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="179"/>
        <source>row %1 (%2)</source>
        <translation>第 %1 行（%2）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="181"/>
        <source>Skipped, not people: %1.</source>
        <translation>以下行不是人员，已跳过：%1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="183"/>
        <source>… and %1 more</source>
        <translation>……另有 %1 项</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="147"/>
        <source>(first unreadable byte on line %1)</source>
        <translation>（第 %1 行起无法识别）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="83"/>
        <source>“%1” is not an address the roster can place: write estate, building, unit and room, e.g. 幸福小区3号楼2单元501室 or 幸福小区3-2-501, or street, door number and what follows, e.g. 经三路12号院3室.</source>
        <translation>“%1”无法对应到地址：请写小区、楼栋、单元和房号，如 幸福小区3号楼2单元501室 或 幸福小区3-2-501；或写街路巷、门牌号及其后的部分，如 经三路12号院3室。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="150"/>
        <source>The workbook has no worksheet to import.</source>
        <translation>工作簿中没有可导入的工作表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/wording.py" line="152"/>
        <source>No header row in the first 30 rows: the sheet needs a row of column names such as 姓名 and 身份证号. If the Chinese looks garbled, save the file as .xlsx.</source>
        <translation>前 30 行中没有找到表头：表格需要有一行列名，如 姓名、身份证号。如果中文显示为乱码，请把文件另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="182"/>
        <source>Save template</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="183"/>
        <source>roster template.xlsx</source>
        <translation>居民信息导入模板.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="188"/>
        <source>Template saved: %1</source>
        <translation>模板已保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/export_dialog.py" line="190"/>
        <source>The template was not saved: %1</source>
        <translation>模板未能保存：%1</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="48"/>
        <source>Import residents</source>
        <translation>导入居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="80"/>
        <source>Importing. Cancel undoes everything; nothing is half-saved.</source>
        <translation>正在导入。取消将撤销全部写入，不会留下导入一半的数据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="101"/>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="104"/>
        <location filename="../../app/ui/io/import_wizard.py" line="154"/>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="107"/>
        <location filename="../../app/ui/io/import_wizard.py" line="145"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="133"/>
        <source>1. File and grid</source>
        <translation>1. 选择文件和网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="133"/>
        <source>2. Columns</source>
        <translation>2. 核对列</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="134"/>
        <source>3. Preview</source>
        <translation>3. 预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="134"/>
        <source>4. Importing</source>
        <translation>4. 正在导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="135"/>
        <source>5. Done</source>
        <translation>5. 完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="145"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="150"/>
        <source>Import %1</source>
        <translation>导入 %1 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="151"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="169"/>
        <source>There is no grid in your area yet: the org tree needs grids before residents can be imported.</source>
        <translation>您的管辖范围内还没有网格：需要先建立网格，才能导入居民。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="242"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="249"/>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消，台账未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="255"/>
        <source>The roster changed since the preview (someone else saved a resident). Nothing was imported: check the file again.</source>
        <translation>预览之后台账有了变动（有人保存了居民信息）。本次未导入任何数据，请重新检查文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="260"/>
        <source>Failed, nothing was changed: %1</source>
        <translation>导入失败，台账未作任何改动：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="265"/>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="356"/>
        <source>Save error report</source>
        <translation>保存错误报告</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="357"/>
        <source>%1 - problems.xlsx</source>
        <translation>%1-错误报告.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/import_wizard.py" line="368"/>
        <source>Saved %1 row(s) to fix in %2</source>
        <translation>已将 %1 行待修正数据保存到 %2</translation>
    </message>
</context>
<context>
    <name>Indicators</name>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="47"/>
        <source>Closure rate</source>
        <translation>结案率</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="48"/>
        <source>On-time closure rate</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="49"/>
        <source>Timely acceptance rate</source>
        <translation>及时受理率</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="51"/>
        <source>On-time handling rate</source>
        <translation>按期处置率</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="53"/>
        <source>Rework rate</source>
        <translation>返工率</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="54"/>
        <source>Mean handling time</source>
        <translation>平均处置时长</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="55"/>
        <source>Satisfaction rate</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="56"/>
        <source>Online handling rate</source>
        <translation>网上办理率</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="57"/>
        <source>Response rate (12345)</source>
        <translation>响应率（12345）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="58"/>
        <source>Resolution rate (12345)</source>
        <translation>解决率（12345）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="59"/>
        <source>Residents&apos; satisfaction (12345)</source>
        <translation>满意率（12345）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="61"/>
        <source>Rentals registered</source>
        <translation>出租屋登记率</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="63"/>
        <source>Small venues inspected on time</source>
        <translation>九小场所按期检查率</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="65"/>
        <source>Hazards closed</source>
        <translation>隐患整改率</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="74"/>
        <location filename="../../app/ui/reports/stats_page.py" line="88"/>
        <location filename="../../app/ui/reports/stats_page.py" line="99"/>
        <source>closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="74"/>
        <source>due</source>
        <translation>应结案</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="75"/>
        <source>closed on time</source>
        <translation>按期结案</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="76"/>
        <location filename="../../app/ui/reports/stats_page.py" line="80"/>
        <source>due, not deferred</source>
        <translation>应结案（不含延期）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="77"/>
        <source>accepted in time</source>
        <translation>及时受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="78"/>
        <source>to accept</source>
        <translation>应受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="79"/>
        <source>handled on time</source>
        <translation>按期处置</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="81"/>
        <source>failed verification</source>
        <translation>核查不通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="82"/>
        <source>verified</source>
        <translation>已核查</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="83"/>
        <source>hours in all</source>
        <translation>小时合计</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="84"/>
        <source>handled</source>
        <translation>已处置</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="85"/>
        <location filename="../../app/ui/reports/stats_page.py" line="93"/>
        <source>satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="86"/>
        <source>evaluated</source>
        <translation>已评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="87"/>
        <source>whole loop online</source>
        <translation>全流程网上办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="89"/>
        <source>answered in time</source>
        <translation>按时响应</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="90"/>
        <source>residents&apos; demands to answer</source>
        <translation>应响应诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="91"/>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="92"/>
        <source>residents&apos; demands</source>
        <translation>群众诉求</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="94"/>
        <source>rated by residents</source>
        <translation>群众评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="95"/>
        <source>registered</source>
        <translation>已登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="96"/>
        <source>rentals</source>
        <translation>出租屋</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="97"/>
        <source>on time</source>
        <translation>按期检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="98"/>
        <source>small venues</source>
        <translation>九小场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="100"/>
        <source>hazards found</source>
        <translation>发现隐患</translation>
    </message>
</context>
<context>
    <name>InspectionDialog</name>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="34"/>
        <source>Inspect %1</source>
        <translation>检查 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="39"/>
        <source>Checklist</source>
        <translation>检查项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="41"/>
        <source>OK</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="41"/>
        <source>Hazard</source>
        <translation>隐患</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="41"/>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="57"/>
        <source>What you found, where, what was agreed</source>
        <translation>发现了什么、在哪里、如何约定整改</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="61"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="66"/>
        <source>Turn hazard into a case</source>
        <translation>隐患转事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="81"/>
        <source>Inspected on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="83"/>
        <source>Findings</source>
        <translation>检查情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="95"/>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="96"/>
        <source>Images (%1)</source>
        <translation>图片（%1）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/places/inspection_dialog.py" line="111"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>
            </numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="121"/>
        <source>%1 hazards marked.</source>
        <translation>已标记 %1 项隐患。</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="147"/>
        <source>Saved. %1 hazards; re-inspect by %2.</source>
        <translation>已保存。发现 %1 项隐患；请于 %2 前复查。</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="149"/>
        <source>Saved. No hazard; next inspection by %1.</source>
        <translation>已保存。未发现隐患；下次检查于 %1 前。</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/inspection_dialog.py" line="162"/>
        <source>Case %1 reported.</source>
        <translation>已上报事件 %1。</translation>
    </message>
</context>
<context>
    <name>LockPanel</name>
    <message>
        <location filename="../../app/ui/shell/lock.py" line="48"/>
        <source>GridDesk is locked</source>
        <translation>网格工作台已锁定</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/lock.py" line="50"/>
        <source>Signed in: %1</source>
        <translation>当前用户：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/lock.py" line="53"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/lock.py" line="59"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/lock.py" line="61"/>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/lock.py" line="87"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/lock.py" line="96"/>
        <source>The password could not be checked: %1</source>
        <translation>无法核对密码：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/lock.py" line="107"/>
        <source>Too many wrong passwords: the account is locked for 15 minutes. Another user can sign in with Switch user.</source>
        <translation>密码错误次数过多，账号已锁定 15 分钟。其他用户可通过“切换用户”登录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/lock.py" line="109"/>
        <source>The password is wrong.</source>
        <translation>密码错误。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="72"/>
        <source>GridDesk</source>
        <translation>网格工作台</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="73"/>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="89"/>
        <source>Home</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="90"/>
        <source>Roster</source>
        <translation>居民台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="91"/>
        <source>Cases</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="92"/>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="93"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="94"/>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="98"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="95"/>
        <source>Party</source>
        <translation>党建</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="97"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="99"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="100"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="129"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="330"/>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="331"/>
        <source>Grid head</source>
        <translation>网格长</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="332"/>
        <source>Community supervisor</source>
        <translation>社区书记/综治专干</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="333"/>
        <source>Center operator</source>
        <translation>社会治理中心</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="334"/>
        <source>Department handler</source>
        <translation>部门处置人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="335"/>
        <source>Auditor</source>
        <translation>审计管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="336"/>
        <source>Security officer</source>
        <translation>安全管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="337"/>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="350"/>
        <source>whole local database</source>
        <translation>本机全部数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="343"/>
        <location filename="../../app/ui/shell/main_window.py" line="351"/>
        <source>%1 (%2) · %3</source>
        <translation>%1（%2）· %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="96"/>
        <source>Five stars</source>
        <translation>五星创建</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="361"/>
        <source>Not signed in: local only</source>
        <translation>未登录：仅本机</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="363"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="365"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="367"/>
        <source>Sign in again</source>
        <translation>请重新登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="369"/>
        <source>Update GridDesk</source>
        <translation>请升级网格工作台</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="371"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="373"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="443"/>
        <source>The city server cannot be reached; working offline.</source>
        <translation>无法连接市级服务器，正在离线工作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="444"/>
        <source>This GridDesk is too old for the server: install the update from IT.</source>
        <translation>此版本过旧，服务器不再支持：请向信息化人员索取新版本安装。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="446"/>
        <location filename="../../app/ui/shell/main_window.py" line="447"/>
        <source>Your session has ended: sign in again.</source>
        <translation>登录已失效，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="448"/>
        <source>IT has removed this computer from the server.</source>
        <translation>信息化人员已在服务器上停用本机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="449"/>
        <source>Sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="464"/>
        <source>New case %1: %2</source>
        <translation>新事件 %1：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/shell/main_window.py" line="467"/>
        <source>%n new case(s) in your queues</source>
        <translation>
            <numerusform>您的待办中有 %n 件新事件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="468"/>
        <source>New case</source>
        <translation>新事件</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/shell/main_window.py" line="375"/>
        <source>%n change(s) waiting to sync</source>
        <translation>
            <numerusform>%n 条更改待同步</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="377"/>
        <source>Last sync: %1</source>
        <translation>上次同步：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="378"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="203"/>
        <source>Open cases</source>
        <translation>未结事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="204"/>
        <source>Closed cases</source>
        <translation>已结事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="205"/>
        <source>All cases</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="208"/>
        <source>Any deadline</source>
        <translation>全部时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="209"/>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="210"/>
        <source>Nearly overdue</source>
        <translation>临近超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="211"/>
        <source>Overdue or nearly</source>
        <translation>超期或临期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="214"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="221"/>
        <source>Case pins</source>
        <translation>事件点位</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="223"/>
        <source>Tagged residents</source>
        <translation>重点关注人员分布</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="226"/>
        <source>Shade buildings by how many residents with care tags live there.</source>
        <translation>按楼栋内带关怀标签的居民人数着色。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="227"/>
        <source>Houses by use</source>
        <translation>房屋用途</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="230"/>
        <source>Colour buildings and door numbers by the use most of their houses have.</source>
        <translation>按其中多数房屋的用途给楼栋和门牌着色。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="231"/>
        <source>Organizations</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="234"/>
        <source>Fit</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="240"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="308"/>
        <source>To accept or dispatch</source>
        <translation>待受理/派遣</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="309"/>
        <source>Being handled</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="312"/>
        <source>Buildings:</source>
        <translation>楼栋：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="320"/>
        <source>Organizations:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="322"/>
        <source>due for inspection</source>
        <translation>待检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="323"/>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="332"/>
        <source>more residents with care tags</source>
        <translation>关怀对象多</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="351"/>
        <source>Loading the map…</source>
        <translation>正在加载地图…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="363"/>
        <source>The map could not be loaded: %1</source>
        <translation>地图加载失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="385"/>
        <source>Map from %1</source>
        <translation>地图数据：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="386"/>
        <source>Schematic map laid out from the address tree (no GeoJSON file in the data folder&apos;s geo directory)</source>
        <translation>按地址树生成的示意图（数据目录的 geo 文件夹中没有 GeoJSON 文件）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="388"/>
        <source>No map: the roster has no grids yet</source>
        <translation>暂无地图：台账中还没有网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="391"/>
        <source>Skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="416"/>
        <source>%1 households, %2 residents, %3 with tags</source>
        <translation>%1 户，%2 人，其中 %3 人有标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="419"/>
        <source>Click to list the households.</source>
        <translation>点击查看本楼住户。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="484"/>
        <source>Houses: %1</source>
        <translation>房屋：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/map_page.py" line="514"/>
        <source>Due for inspection</source>
        <translation>待检查</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/map_page.py" line="601"/>
        <source>%n pin(s) shown</source>
        <translation>
            <numerusform>显示 %n 个点位</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/map_page.py" line="603"/>
        <source>%n case(s) without a place on the map</source>
        <translation>
            <numerusform>%n 件事件无法在地图上定位</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/map_page.py" line="606"/>
        <source>%n organization(s)</source>
        <translation>
            <numerusform>%n 个单位</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/map_page.py" line="608"/>
        <source>%n organization(s) without a place on the map</source>
        <translation>
            <numerusform>%n 个单位无法在地图上定位</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="126"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="126"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="126"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="127"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="131"/>
        <source>Case</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="131"/>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="135"/>
        <source>No participation recorded yet.</source>
        <translation>尚无参与记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="136"/>
        <source>Double-click a case to open it.</source>
        <translation>双击事件可打开查看。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../app/ui/common/messages.py" line="14"/>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="16"/>
        <source>Say why you need the full value.</source>
        <translation>请说明查看完整信息的原因。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="18"/>
        <source>An ID number has 18 characters (or 15 for an old one); this has %1.</source>
        <translation>身份证号应为 18 位（旧证 15 位），当前为 %1 位。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="21"/>
        <source>Use digits only, with X allowed as the last character.</source>
        <translation>只能填数字，末位可为 X。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="23"/>
        <source>The check character does not match: a digit is probably mistyped.</source>
        <translation>校验位不符，可能有数字输错。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="25"/>
        <source>The birth date inside the ID number is not a real date.</source>
        <translation>身份证号中的出生日期不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="27"/>
        <source>The birth date inside the ID number is in the future.</source>
        <translation>身份证号中的出生日期晚于今天。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="29"/>
        <source>Unknown area code %1: please check the first digits.</source>
        <translation>地址码 %1 不在已知范围内，请核对前几位。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="32"/>
        <source>Old 15-digit ID number: it is saved as its 18-digit form; please confirm that with the person.</source>
        <translation>15 位旧身份证号：将按对应的 18 位号码保存，请与本人核对。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="34"/>
        <source>Invisible characters (zero-width spaces or direction marks) pasted inside the ID number were removed.</source>
        <translation>身份证号中粘贴进来的不可见字符（零宽空格或方向标记）已删除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="38"/>
        <location filename="../../app/ui/common/messages.py" line="40"/>
        <source>The ID number says %1.</source>
        <translation>身份证号显示为 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="42"/>
        <source>This ID number is already registered for %1.</source>
        <translation>该证件号码已登记在 %1 名下。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="45"/>
        <source>Enter an 11-digit mobile number (13x–19x) or a landline such as 0371-12345678.</source>
        <translation>请填写 11 位手机号（13–19 开头）或带区号的固话，如 0371-12345678。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="47"/>
        <source>Enter a date as YYYY-MM-DD, e.g. 2026-11-28.</source>
        <translation>请按 年-月-日 填写，如 2026-11-28。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="49"/>
        <source>The date cannot be in the future.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="51"/>
        <source>The end date is before the start date.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="53"/>
        <source>Too long: at most %1 characters.</source>
        <translation>过长：最多 %1 个字。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="55"/>
        <source>Choose a value from the list.</source>
        <translation>请从列表中选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="57"/>
        <source>This household already has a head.</source>
        <translation>该户已有户主。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="59"/>
        <source>This file is not a photo (JPEG, PNG, …).</source>
        <translation>该文件不是照片（JPEG、PNG 等）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="61"/>
        <source>The photo is too large: at most %1 MB.</source>
        <translation>照片过大：最大 %1 MB。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="64"/>
        <source>The file cannot be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="66"/>
        <source>Not found: it may have been removed.</source>
        <translation>未找到，可能已被删除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="68"/>
        <source>Say what is wrong: add a description or a photo.</source>
        <translation>请说明问题：填写描述或添加照片。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="70"/>
        <source>Say where: choose the address in the tree, describe the place, or give its position.</source>
        <translation>请说明地点：在地址树中选择、描述位置，或给出坐标。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="72"/>
        <source>Not a case number this computer gives.</source>
        <translation>不是本机给出的事件编号。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="74"/>
        <source>This finding is already case %1.</source>
        <translation>该发现已转为事件 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="77"/>
        <source>The coordinates are outside the city.</source>
        <translation>坐标不在本市范围内。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="79"/>
        <source>A unified social credit code has 18 characters; this has %1.</source>
        <translation>统一社会信用代码为 18 位，这里有 %1 位。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="82"/>
        <source>“%1” cannot be in a credit code: use digits and the capital letters A–Y except I, O, S, V and Z (O is probably a zero).</source>
        <translation>信用代码中不能有“%1”：只能用数字和除 I、O、S、V、Z 以外的大写字母 A–Y（O 可能应为数字 0）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="85"/>
        <source>The last character does not match the credit code: a character is probably mistyped.</source>
        <translation>校验码不符：可能有字符输错。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="87"/>
        <source>Type the credit code in capital letters without spaces.</source>
        <translation>请用大写字母填写信用代码，不要有空格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="89"/>
        <source>This credit code is already registered for %1.</source>
        <translation>该统一社会信用代码已登记为“%1”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="92"/>
        <source>Enter the floor area in square metres, a number above 0 and at most %1.</source>
        <translation>请填写建筑面积（平方米），大于 0 且不超过 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="95"/>
        <source>The checklist holds an item or a result that is not on the list.</source>
        <translation>检查表中有不在清单上的项目或结果。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="97"/>
        <source>This address is already registered as a house.</source>
        <translation>该地址已登记为房屋。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="99"/>
        <source>This person already rents here and has not moved out.</source>
        <translation>此人已在此租住且尚未搬离。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="101"/>
        <source>This inspection has already been turned into a case.</source>
        <translation>该次检查已转为事件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="103"/>
        <source>The inspection found no hazard.</source>
        <translation>本次检查未发现隐患。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="105"/>
        <source>This address number already exists here.</source>
        <translation>此处已有该编号的地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/messages.py" line="107"/>
        <source>The address does not fit the address tree.</source>
        <translation>地址与地址树不符。</translation>
    </message>
</context>
<context>
    <name>MoveMemberDialog</name>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="111"/>
        <source>Move %1 to another household</source>
        <translation>将 %1 迁到其他户</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="120"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="121"/>
        <source>Relation to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/household_dialog.py" line="129"/>
        <source>Find and choose the household to move to.</source>
        <translation>请查找并选择要迁入的户。</translation>
    </message>
</context>
<context>
    <name>OrganizationDialog</name>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="36"/>
        <location filename="../../app/ui/places/org_dialog.py" line="194"/>
        <source>Organization</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="36"/>
        <source>New organization</source>
        <translation>新增单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="38"/>
        <source>18 characters, e.g. 91410105MA…</source>
        <translation>18 位，例如 91410105MA…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="43"/>
        <source>Street, door number or estate, e.g. 红专路13号</source>
        <translation>街路巷、门牌号或小区，例如 红专路13号</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="52"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="58"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="59"/>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="60"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="61"/>
        <source>Small venue category</source>
        <translation>九小场所类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="62"/>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="63"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="64"/>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="65"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="66"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="67"/>
        <source>Inspected on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="67"/>
        <source>Inspector</source>
        <translation>检查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="68"/>
        <source>Hazards</source>
        <translation>隐患</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="68"/>
        <source>Next due</source>
        <translation>下次检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="69"/>
        <source>Case</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="70"/>
        <source>Inspect…</source>
        <translation>检查…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="73"/>
        <source>Hazard → case</source>
        <translation>隐患转事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="81"/>
        <source>Employee</source>
        <translation>从业人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="81"/>
        <source>Job</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="81"/>
        <location filename="../../app/ui/places/org_dialog.py" line="241"/>
        <source>Since</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="83"/>
        <source>Add employee…</source>
        <translation>添加从业人员…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="86"/>
        <source>Safety inspections</source>
        <translation>安全检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="90"/>
        <source>Employees</source>
        <translation>从业人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="187"/>
        <source>Find and choose the organization&apos;s address.</source>
        <translation>请查找并选择单位地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="206"/>
        <source>Show the full phone number</source>
        <translation>显示完整电话号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="207"/>
        <source>Why do you need it? (recorded)</source>
        <translation>为什么需要查看？（将被记录）</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="229"/>
        <source>Choose the inspection that found the hazard.</source>
        <translation>请选择发现隐患的那次检查。</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="236"/>
        <source>Case %1 reported.</source>
        <translation>已上报事件 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/org_dialog.py" line="241"/>
        <source>Add employee</source>
        <translation>添加从业人员</translation>
    </message>
</context>
<context>
    <name>OrganizationsDialog</name>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="223"/>
        <source>Organization</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="223"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="223"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="224"/>
        <source>Last inspection</source>
        <translation>最近检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="224"/>
        <source>Falls short</source>
        <translation>未达标</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="231"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="232"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>OrganizationsPage</name>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="38"/>
        <source>Organizations</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="42"/>
        <source>Name, last digits of the credit code, address</source>
        <translation>名称、信用代码末几位、地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="44"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="45"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="46"/>
        <source>Due for inspection</source>
        <translation>待检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="47"/>
        <source>New organization…</source>
        <translation>新增单位…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="56"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="61"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="69"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="69"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="69"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="70"/>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="70"/>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="71"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="71"/>
        <source>Last inspected</source>
        <translation>最近检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="72"/>
        <source>Next due</source>
        <translation>下次检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="107"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="115"/>
        <source>%1 organizations listed; %2 due for inspection.</source>
        <translation>列出 %1 家单位；%2 家待检查。</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/orgs_page.py" line="123"/>
        <source>Small venues: %1, inspected on time %2 (%3). Hazards found %4, turned into cases %5, closed %6.</source>
        <translation>九小场所 %1 家，按期检查 %2 家（%3）。发现隐患 %4 次，转为事件 %5 件，已结案 %6 件。</translation>
    </message>
</context>
<context>
    <name>ParticipationDialog</name>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="50"/>
        <source>Took part in a case</source>
        <translation>参与事件办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="51"/>
        <source>Took part in a visit</source>
        <translation>参与走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="53"/>
        <source>Party members: %1</source>
        <translation>党员：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="73"/>
        <source>What they did (optional)</source>
        <translation>参与内容（可不填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="84"/>
        <source>Choose the case:</source>
        <translation>选择事件：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="85"/>
        <source>Choose the visit:</source>
        <translation>选择走访记录：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="94"/>
        <source>Choose the case first.</source>
        <translation>请先选择事件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="95"/>
        <source>Choose the visit first.</source>
        <translation>请先选择走访记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="102"/>
        <source>Party members took part: %1</source>
        <translation>党员参与：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="112"/>
        <source>Not found: it may have been removed.</source>
        <translation>未找到：可能已被删除。</translation>
    </message>
</context>
<context>
    <name>Party</name>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="33"/>
        <source>%1 is not a party member in the roster.</source>
        <translation>台账中 %1 不是党员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="36"/>
        <source>At most %1 people at a time.</source>
        <translation>一次最多 %1 人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="39"/>
        <source>Choose at least one party member.</source>
        <translation>请至少选择一名党员。</translation>
    </message>
</context>
<context>
    <name>PartyPage</name>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="164"/>
        <source>Party-building leads grid governance</source>
        <translation>党建引领网格治理</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="169"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="169"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="169"/>
        <source>Party branch</source>
        <translation>网格党支部</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="170"/>
        <source>Secretary</source>
        <translation>书记</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="170"/>
        <source>Party members</source>
        <translation>党员</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="171"/>
        <source>In-service members</source>
        <translation>在职党员</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="171"/>
        <source>Cases taken part in</source>
        <translation>参与事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="172"/>
        <source>Visits taken part in</source>
        <translation>参与走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="176"/>
        <source>In-service party members only (双报到)</source>
        <translation>仅看在职党员（双报到）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="180"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="180"/>
        <source>Party status</source>
        <translation>党员类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="180"/>
        <source>Unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="181"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="181"/>
        <source>Cases</source>
        <translation>参与事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="181"/>
        <source>Visits</source>
        <translation>参与走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="185"/>
        <source>Took part in a case…</source>
        <translation>登记参与事件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="187"/>
        <source>Took part in a visit…</source>
        <translation>登记参与走访…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="229"/>
        <source>The party branches could not be read: %1</source>
        <translation>无法读取党支部：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="240"/>
        <location filename="../../app/ui/reports/party_page.py" line="241"/>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="258"/>
        <source>%1 grid party branches · %2 party members and %3 in-service party members living in the grids · %4 cases and %5 visits with party members taking part</source>
        <translation>%1 个网格党支部 · 居住在网格内的党员 %2 名、在职党员 %3 名 · 党员参与事件 %4 件次、走访 %5 次</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="286"/>
        <source>%1: %2 (secretary %3)</source>
        <translation>%1：%2（书记 %3）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="287"/>
        <source>no party branch recorded</source>
        <translation>未登记党支部</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="289"/>
        <source>Party member</source>
        <translation>中共党员</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="289"/>
        <source>Probationary member</source>
        <translation>预备党员</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="296"/>
        <source>In service</source>
        <translation>在职党员</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="319"/>
        <source>Select one or more party members first.</source>
        <translation>请先选择一名或多名党员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/party_page.py" line="323"/>
        <source>Recorded.</source>
        <translation>已登记。</translation>
    </message>
</context>
<context>
    <name>PhotoDialog</name>
    <message>
        <location filename="../../app/ui/common/photo_view.py" line="14"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="48"/>
        <source>This page is not built yet.</source>
        <translation>此页面尚未建成。</translation>
    </message>
</context>
<context>
    <name>Places</name>
    <message>
        <location filename="../../app/ui/places/pickers.py" line="21"/>
        <source>Group rental</source>
        <translation>群租</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/pickers.py" line="22"/>
        <source>Rented out, no tenant registered</source>
        <translation>出租但无登记租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/pickers.py" line="23"/>
        <source>Rental not registered</source>
        <translation>出租屋未登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="35"/>
        <source>Houses</source>
        <translation>房屋</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="36"/>
        <source>Organizations</source>
        <translation>单位</translation>
    </message>
</context>
<context>
    <name>PlacesIO</name>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="39"/>
        <source>Import rentals</source>
        <translation>导入出租房屋</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="40"/>
        <source>Import organizations</source>
        <translation>导入实有单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="44"/>
        <source>rentals template.xlsx</source>
        <translation>出租房屋导入模板.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="45"/>
        <source>organizations template.xlsx</source>
        <translation>实有单位导入模板.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="362"/>
        <source>Save template</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="369"/>
        <source>The template was not saved: %1</source>
        <translation>模板未保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="372"/>
        <source>Template saved: %1</source>
        <translation>模板已保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="382"/>
        <source>Export rentals</source>
        <translation>导出出租房屋</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="383"/>
        <source>Export organizations</source>
        <translation>导出实有单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="390"/>
        <source>Export full phone and ID numbers? Only for a stated reason, recorded in the audit log. No exports them masked.</source>
        <translation>导出完整的电话和身份证号吗？须说明理由，并记入审计日志。选“否”则脱敏导出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="405"/>
        <source>Your role may not export this list.</source>
        <translation>您的角色不能导出此名单。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="407"/>
        <source>The file could not be written: %1</source>
        <translation>文件无法写入：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="409"/>
        <source>%1 rows exported to %2 (phones and ID numbers masked).</source>
        <translation>已导出 %1 行到 %2（电话、身份证号已脱敏）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="411"/>
        <source>%1 rows exported to %2 (full values).</source>
        <translation>已导出 %1 行到 %2（完整信息）。</translation>
    </message>
</context>
<context>
    <name>PlacesImportDialog</name>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="73"/>
        <source>An Excel workbook (.xlsx) or CSV file (UTF-8 or GBK), one row per house or organization; common headers are recognised. Addresses may be written either way: 幸福小区3号楼2单元501室 or 经三路12号院3室. Tenants and employees are named by their ID numbers and must be in the roster. Nothing is written before the preview.</source>
        <translation>Excel 工作簿（.xlsx）或 CSV 文件（UTF-8 或 GBK），每行一处房屋或一个单位；常见表头会自动识别。地址两种写法都可以：幸福小区3号楼2单元501室 或 经三路12号院3室。租户和从业人员按身份证号填写，须已在居民台账中。预览之前不会写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="80"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="83"/>
        <source>Download template…</source>
        <translation>下载模板…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="95"/>
        <source>Create missing addresses</source>
        <translation>新建缺少的地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="99"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="100"/>
        <source>Grid for new addresses</source>
        <translation>新地址所属网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="107"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="107"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="108"/>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="108"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="117"/>
        <source>Check file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="120"/>
        <source>Save error report…</source>
        <translation>保存错误报告…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="124"/>
        <location filename="../../app/ui/io/places_io.py" line="182"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="128"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="181"/>
        <source>Import %1</source>
        <translation>导入 %1 行</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="188"/>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：没有任何改动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="194"/>
        <source>Nothing was imported: row %1 was refused (%2). The data changed since the check: check the file again.</source>
        <translation>未导入任何内容：第 %1 行被拒绝（%2）。检查之后数据有了变化：请重新检查文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="200"/>
        <source>Failed, nothing was changed: %1</source>
        <translation>失败，没有任何改动：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="205"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="221"/>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="224"/>
        <source>There is no grid in your area yet.</source>
        <translation>您的辖区内还没有网格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="249"/>
        <source>%1 row(s): %2 new, %3 to update, %4 with problems (not imported).</source>
        <translation>共 %1 行：新增 %2，更新 %3，有问题 %4（不导入）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="254"/>
        <source>%1 tenant(s) by ID number.</source>
        <translation>按身份证号关联租户 %1 人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="255"/>
        <source>%1 employee(s) by ID number.</source>
        <translation>按身份证号关联从业人员 %1 人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="258"/>
        <source>%1 new address(es) will be created.</source>
        <translation>将新建地址 %1 个。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="261"/>
        <source>%1 row(s) need addresses not in the tree: tick “Create missing addresses” to make them.</source>
        <translation>%1 行的地址在地址库中还没有：勾选“新建缺少的地址”即可新建。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="276"/>
        <source>(no column: %1)</source>
        <translation>（无此列：%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="298"/>
        <source>Save error report</source>
        <translation>保存错误报告</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="299"/>
        <source>problems.xlsx</source>
        <translation>错误报告.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="310"/>
        <source>Saved %1 row(s) to fix in %2</source>
        <translation>已将 %1 行待修正内容保存到 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="328"/>
        <source>Imported: %1 new, %2 updated, %3 not imported.</source>
        <translation>导入完成：新增 %1，更新 %2，未导入 %3。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="332"/>
        <source>%1 tenant(s) linked.</source>
        <translation>关联租户 %1 人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/places_io.py" line="333"/>
        <source>%1 employee(s) linked.</source>
        <translation>关联从业人员 %1 人。</translation>
    </message>
</context>
<context>
    <name>PreviewStep</name>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="46"/>
        <source>New residents</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="46"/>
        <source>To update</source>
        <translation>将更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="47"/>
        <source>Already up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="47"/>
        <source>To skip</source>
        <translation>将跳过</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="48"/>
        <location filename="../../app/ui/io/preview_step.py" line="133"/>
        <source>To decide</source>
        <translation>待决定</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="48"/>
        <source>Not imported</source>
        <translation>不导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="49"/>
        <source>New households</source>
        <translation>新增户</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="50"/>
        <source>New address nodes</source>
        <translation>新增地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="64"/>
        <source>Create missing addresses (estates, buildings, units, rooms) in the address tree</source>
        <translation>在地址库中新建缺少的地址（小区、楼栋、单元、房间）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="78"/>
        <source>Save error report…</source>
        <translation>保存错误报告…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="105"/>
        <source>These ID numbers are already in the roster. Update them with the file&apos;s values, or skip them.</source>
        <translation>以下身份证号在台账中已存在。请选择用文件内容更新，或跳过。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="110"/>
        <source>Update selected</source>
        <translation>更新所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="111"/>
        <source>Skip selected</source>
        <translation>跳过所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="112"/>
        <source>Update all</source>
        <translation>全部更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="112"/>
        <source>Skip all</source>
        <translation>全部跳过</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="124"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="124"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="124"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="125"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="125"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="125"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="126"/>
        <source>Household</source>
        <translation>户号</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="126"/>
        <source>Relation</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="126"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="131"/>
        <source>Rows to import</source>
        <translation>将导入的行</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="132"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="134"/>
        <source>New addresses</source>
        <translation>新增地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="147"/>
        <source>Row %1, %2: %3</source>
        <translation>第 %1 行，%2：%3</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="179"/>
        <source>%1 row(s) need addresses that are not in the address tree: tick the box to create them, or correct the addresses.</source>
        <translation>%1 行的地址在地址库中还没有：请勾选上方的复选框新建这些地址，或改正地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="183"/>
        <source>%1 person(s) are already in the roster: decide on the “To decide” tab.</source>
        <translation>%1 人在台账中已存在：请在“待决定”页中选择处理方式。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="186"/>
        <source>%1 row(s) have warnings: they are imported; see the Problems tab.</source>
        <translation>%1 行有提醒：这些行会导入，详见“问题”页。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="189"/>
        <source>Rows with problems are not imported: save the error report, correct them and import the report again.</source>
        <translation>有问题的行不会导入：请保存错误报告，改正后再导入该报告。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="198"/>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="200"/>
        <source>To decide (%1)</source>
        <translation>待决定（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="210"/>
        <source>… and %1 more</source>
        <translation>… 另有 %1 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="212"/>
        <source>New addresses (%1)</source>
        <translation>新增地址（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="241"/>
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/preview_step.py" line="241"/>
        <source>update</source>
        <translation>更新</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../app/ui/common/printing.py" line="65"/>
        <source>Printed by %1 at %2</source>
        <translation>%1 打印于 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/printing.py" line="76"/>
        <source>The printer cannot be opened.</source>
        <translation>无法打开打印机。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/printing.py" line="104"/>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/printing.py" line="159"/>
        <source>Print: %1</source>
        <translation>打印：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/printing.py" line="177"/>
        <source>%1 row(s)</source>
        <translation>共 %1 行</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/printing.py" line="210"/>
        <source>Timeline</source>
        <translation>处置经过</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="38"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="38"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="38"/>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="38"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/problem_models.py" line="51"/>
        <source>(no column: %1)</source>
        <translation>（缺少列：%1）</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="162"/>
        <source>Progress: %1</source>
        <translation>填报进度：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="167"/>
        <source>%1 · version %2 · due %3</source>
        <translation>%1 · 第 %2 版 · 截止 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="172"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="172"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="172"/>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="173"/>
        <source>To complete</source>
        <translation>待补录</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="173"/>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="179"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="181"/>
        <source>Download merged workbook…</source>
        <translation>下载汇总表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="184"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="222"/>
        <source>%1 of %2 communities submitted, %3 overdue.</source>
        <translation>%2 个社区中已有 %1 个提交，%3 个逾期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="228"/>
        <source>Save the merged workbook</source>
        <translation>保存汇总表</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="230"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="254"/>
        <source>%1 rows of %2 communities merged into %3.</source>
        <translation>已将 %2 个社区的 %1 行汇总到 %3。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="265"/>
        <source>The merged workbook could not be written: %1</source>
        <translation>汇总表无法写入：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="270"/>
        <source>Downloading and merging…</source>
        <translation>正在下载并汇总…</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="99"/>
        <source>Publish to the communities</source>
        <translation>发布到各社区</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="111"/>
        <source>Every community in your area receives the table with its columns and who it lists, as a task on its home page. Publishing the same template again replaces the earlier version.</source>
        <translation>辖区内每个社区都会在首页收到此表（含字段对应和填报范围）作为任务。再次发布同一模板将替换之前的版本。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="117"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="118"/>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="120"/>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="134"/>
        <source>Give the table a title.</source>
        <translation>请为表格填写标题。</translation>
    </message>
    <message>
        <location filename="../../app/ui/forms/tasks.py" line="142"/>
        <source>Publishing…</source>
        <translation>正在发布…</translation>
    </message>
</context>
<context>
    <name>QuickReportDialog</name>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="67"/>
        <source>Quick report</source>
        <translation>随手拍</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="70"/>
        <source>Choose photos…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="75"/>
        <source>Drop photos here, or choose them.</source>
        <translation>把照片拖到这里，或点击选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="85"/>
        <source>Short title; the category name if left empty</source>
        <translation>简短标题；不填则用类别名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="92"/>
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="93"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="106"/>
        <source>Or describe the place, e.g. 经三路与农业路交叉口东北角</source>
        <translation>或描述位置，如 经三路与农业路交叉口东北角</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="117"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="118"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="119"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="120"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="121"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="122"/>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="136"/>
        <source>Report</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="160"/>
        <source>This is a provisional number; the city&apos;s number replaces it after the next sync. Both find the case in the search box.</source>
        <translation>这是临时编号，下次同步后由市级编号取代；两个编号都能在搜索框中查到该事件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="165"/>
        <source>Copy number</source>
        <translation>复制编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="168"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="236"/>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="237"/>
        <source>Images (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="288"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/quick_report.py" line="295"/>
        <source>Reported: %1. Its number:</source>
        <translation>已上报：%1。事件编号：</translation>
    </message>
</context>
<context>
    <name>RecordsDialog</name>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="45"/>
        <source>%1 records. Double-click one to open it.</source>
        <translation>共 %1 条记录。双击打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="59"/>
        <location filename="../../app/ui/reports/records_dialog.py" line="64"/>
        <location filename="../../app/ui/reports/records_dialog.py" line="69"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="59"/>
        <source>Use</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="59"/>
        <source>Owner</source>
        <translation>产权人</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="60"/>
        <source>Registration no.</source>
        <translation>登记编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="60"/>
        <source>Registered on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="64"/>
        <location filename="../../app/ui/reports/records_dialog.py" line="69"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="64"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="65"/>
        <source>Last inspected</source>
        <translation>最近检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="65"/>
        <source>Re-inspection due</source>
        <translation>复查到期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="67"/>
        <source>never</source>
        <translation>从未检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="69"/>
        <source>Inspected on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="70"/>
        <source>Hazards</source>
        <translation>隐患</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="70"/>
        <source>Case</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/records_dialog.py" line="72"/>
        <source>no case yet</source>
        <translation>尚未转事件</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="34"/>
        <source>Monthly assessment report: %1, %2</source>
        <translation>考核月报：%1，%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="35"/>
        <source>all areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="39"/>
        <source>Exported by %1 at %2 · GridDesk</source>
        <translation>由 %1 于 %2 导出 · 网格工作台</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="56"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="57"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="58"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="59"/>
        <source>Cases reported</source>
        <translation>上报事件数</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="60"/>
        <source>Exported</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="61"/>
        <location filename="../../app/ui/reports/report_export.py" line="150"/>
        <location filename="../../app/ui/reports/report_export.py" line="187"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="62"/>
        <location filename="../../app/ui/reports/report_export.py" line="150"/>
        <location filename="../../app/ui/reports/report_export.py" line="187"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="63"/>
        <location filename="../../app/ui/reports/report_export.py" line="151"/>
        <location filename="../../app/ui/reports/report_export.py" line="188"/>
        <source>Numerator</source>
        <translation>分子</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="64"/>
        <location filename="../../app/ui/reports/report_export.py" line="152"/>
        <location filename="../../app/ui/reports/report_export.py" line="189"/>
        <source>Denominator</source>
        <translation>分母</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="65"/>
        <location filename="../../app/ui/reports/report_export.py" line="117"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="66"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="67"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="68"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="69"/>
        <location filename="../../app/ui/reports/report_export.py" line="118"/>
        <source>Due</source>
        <translation>应结案</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="70"/>
        <source>Grids</source>
        <translation>网格排名</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="71"/>
        <source>Workers</source>
        <translation>人员排名</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="72"/>
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="73"/>
        <source>Overdue cases</source>
        <translation>超期事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="74"/>
        <location filename="../../app/ui/reports/report_export.py" line="165"/>
        <source>Case number</source>
        <translation>事件编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="75"/>
        <location filename="../../app/ui/reports/report_export.py" line="165"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="76"/>
        <location filename="../../app/ui/reports/report_export.py" line="154"/>
        <location filename="../../app/ui/reports/report_export.py" line="166"/>
        <location filename="../../app/ui/reports/report_export.py" line="195"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="77"/>
        <location filename="../../app/ui/reports/report_export.py" line="166"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="78"/>
        <location filename="../../app/ui/reports/report_export.py" line="167"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="79"/>
        <location filename="../../app/ui/reports/report_export.py" line="168"/>
        <source>Deadline</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="80"/>
        <location filename="../../app/ui/reports/report_export.py" line="168"/>
        <source>Closed</source>
        <translation>结案时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="81"/>
        <source>Held by</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="82"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="83"/>
        <location filename="../../app/ui/reports/report_export.py" line="181"/>
        <source>Answer</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="84"/>
        <location filename="../../app/ui/reports/report_export.py" line="181"/>
        <source>Cases</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="85"/>
        <source>Share (%)</source>
        <translation>占比（%）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="87"/>
        <source>Houses and organizations</source>
        <translation>实有房屋和实有单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="123"/>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="138"/>
        <source>Period: %1 to %2</source>
        <translation>统计期间：%1 至 %2（不含）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="140"/>
        <source>%1 cases reported</source>
        <translation>上报事件 %1 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="144"/>
        <source>1. Indicators</source>
        <translation>一、考核指标</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="153"/>
        <source>2. Ranking of grids</source>
        <translation>二、网格排名</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="155"/>
        <source>3. Ranking of workers</source>
        <translation>三、人员排名</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="156"/>
        <source>Worker</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="158"/>
        <source>4. Departments</source>
        <translation>四、职能部门</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="159"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="160"/>
        <source>5. Overdue cases (%1)</source>
        <translation>五、超期事件（%1 件）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="173"/>
        <source>%1 more are listed in the Excel workbook.</source>
        <translation>另有 %1 件见 Excel 工作簿。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="177"/>
        <source>None: every case due this month was closed on time.</source>
        <translation>无：本月应结案事件均已按期办结。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="179"/>
        <source>6. Satisfaction</source>
        <translation>六、满意度</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="182"/>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="186"/>
        <source>7. Houses and organizations</source>
        <translation>七、实有房屋和实有单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_export.py" line="257"/>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="37"/>
        <source>Monthly assessment report</source>
        <translation>考核月报</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="44"/>
        <source>Make the report</source>
        <translation>生成报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="47"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="50"/>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="54"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="56"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="68"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="85"/>
        <source>Choose an area and a month, then make the report: indicators, the ranking of grids and workers, the overdue cases and satisfaction.</source>
        <translation>选择区域和月份后生成报表：考核指标、网格与人员排名、超期事件和满意度。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="102"/>
        <source>Everything on this PC</source>
        <translation>本机全部数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="146"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="149"/>
        <source>That did not work: %1</source>
        <translation>操作失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="170"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="185"/>
        <source>Computing the report…</source>
        <translation>正在计算报表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="191"/>
        <source>Report made. Export it as PDF or Excel.</source>
        <translation>报表已生成，可导出为 PDF 或 Excel。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="204"/>
        <source>Export the report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="205"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="205"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="222"/>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/report_page.py" line="232"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
</context>
<context>
    <name>ResidentDialog</name>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="473"/>
        <source>Edit resident</source>
        <translation>编辑居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="473"/>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="476"/>
        <source>Details</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="484"/>
        <source>No household (grid only)</source>
        <translation>不入户（仅登记到网格）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="496"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="497"/>
        <source>Relation to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="498"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="514"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="515"/>
        <source>Visits</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="517"/>
        <source>no household</source>
        <translation>未入户</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="518"/>
        <source>Household: %1</source>
        <translation>所在户：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="520"/>
        <source>Open household…</source>
        <translation>打开户信息…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="566"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>ResidentForm</name>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="61"/>
        <source>(not set)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="66"/>
        <source>18 characters; X allowed at the end</source>
        <translation>18 位，末位可为 X</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="67"/>
        <source>(from the ID number)</source>
        <translation>（按身份证号）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="68"/>
        <source>from the ID number</source>
        <translation>按身份证号自动填写</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="71"/>
        <source>mobile or 0371-…</source>
        <translation>手机或 0371-…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="81"/>
        <source>In-service party member (双报到)</source>
        <translation>在职党员（双报到）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="83"/>
        <source>their own work unit</source>
        <translation>所在单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="88"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="88"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="89"/>
        <source>ID number *</source>
        <translation>证件号码 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="90"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="90"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="91"/>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="91"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="92"/>
        <source>Residence type *</source>
        <translation>人员类型 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="93"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="94"/>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="95"/>
        <source>Education</source>
        <translation>文化程度</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="96"/>
        <source>Marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="97"/>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="98"/>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="99"/>
        <source>Registered address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="100"/>
        <source>Moved in on</source>
        <translation>迁入日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="102"/>
        <source>Party member&apos;s unit</source>
        <translation>报到党员单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="123"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="145"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="147"/>
        <source>Show the full value (you will be asked why; it is logged)</source>
        <translation>显示完整信息（需填写原因，并记入审计日志）</translation>
    </message>
</context>
<context>
    <name>ResidentPicker</name>
    <message>
        <location filename="../../app/ui/places/pickers.py" line="149"/>
        <source>Name, or the last digits of the ID number or phone</source>
        <translation>姓名，或证件号码、电话的末几位</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/pickers.py" line="156"/>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/places/pickers.py" line="169"/>
        <source>Find and choose the person.</source>
        <translation>请查找并选择人员。</translation>
    </message>
</context>
<context>
    <name>ResidentsDialog</name>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="195"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="195"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="195"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="196"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="196"/>
        <source>Last visit</source>
        <translation>最近走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="196"/>
        <source>Falls short</source>
        <translation>未达标</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="205"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="206"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>RevealReason</name>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="32"/>
        <source>Verify identity for a service</source>
        <translation>办理业务核验身份</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="33"/>
        <source>Contact the resident</source>
        <translation>联系居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="34"/>
        <source>Check the record during a visit</source>
        <translation>走访时核对信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="45"/>
        <source>Why do you need the full value?</source>
        <translation>为什么需要查看完整信息？</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="46"/>
        <source>Reason (recorded in the audit log):</source>
        <translation>原因（将记入审计日志）：</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="53"/>
        <source>Accept selected</source>
        <translation>批量受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="54"/>
        <source>Dispatch selected…</source>
        <translation>批量派遣…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="73"/>
        <source>To accept</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="73"/>
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="74"/>
        <source>To verify</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="74"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="75"/>
        <source>Extension requests</source>
        <translation>延期申请</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="76"/>
        <source>Assigned from above</source>
        <translation>上级交办</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/cases/review_page.py" line="140"/>
        <source>%n case(s) done</source>
        <translation>
            <numerusform>已处理 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="142"/>
        <source>Some cases were not changed</source>
        <translation>部分事件未处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="147"/>
        <source>Accept cases</source>
        <translation>批量受理</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/cases/review_page.py" line="148"/>
        <source>Accept %n case(s)? Their clocks start now.</source>
        <translation>
            <numerusform>确定受理这 %n 件事件吗？受理后开始计时。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="149"/>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/cases/review_page.py" line="157"/>
        <source>Dispatch %n case(s)</source>
        <translation>
            <numerusform>派遣 %n 件事件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/cases/review_page.py" line="162"/>
        <source>Handled by</source>
        <translation>处置单位</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="145"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="145"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="145"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="145"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="146"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="146"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="146"/>
        <source>Relation</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="147"/>
        <source>Residence</source>
        <translation>人员类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="147"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="147"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_model.py" line="197"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="60"/>
        <source>Name, pinyin (zsf), ID/phone tail, address</source>
        <translation>姓名、拼音（zsf）、证件/手机尾号、地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="61"/>
        <source>Search the roster (Ctrl+F)</source>
        <translation>搜索居民台账（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="63"/>
        <location filename="../../app/ui/roster/roster_page.py" line="259"/>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="64"/>
        <source>All residence types</source>
        <translation>全部人员类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="65"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="66"/>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="68"/>
        <source>Household…</source>
        <translation>查看户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="69"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="71"/>
        <source>Import residents from Excel (.xlsx) or CSV</source>
        <translation>从 Excel（.xlsx）或 CSV 文件导入居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="72"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="74"/>
        <source>Export the residents listed now to Excel</source>
        <translation>把当前列出的居民导出为 Excel</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="75"/>
        <source>Template…</source>
        <translation>下载模板…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="77"/>
        <source>Save a blank import template with a help sheet</source>
        <translation>保存空白导入模板（含填写说明）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="129"/>
        <source>Roster</source>
        <translation>居民台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="203"/>
        <source>Organizations: %1</source>
        <translation>单位：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="216"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/roster/roster_page.py" line="222"/>
        <source>%n resident(s)</source>
        <translation>
            <numerusform>共 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="224"/>
        <source>No residents match: %1. Clear a filter to see more.</source>
        <translation>没有符合条件的居民（%1）。清除筛选条件可查看更多。</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="231"/>
        <source>search “%1”</source>
        <translation>搜索“%1”</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="237"/>
        <source>under %1</source>
        <translation>位于%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="238"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="238"/>
        <source>no filter</source>
        <translation>未设筛选条件</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="241"/>
        <source>The residents could not be counted: %1</source>
        <translation>无法统计居民人数：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="298"/>
        <source>The roster could not be read: %1</source>
        <translation>无法读取居民台账：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/roster_page.py" line="356"/>
        <source>Your role may not export the roster.</source>
        <translation>您的角色无权导出台账。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="88"/>
        <source>Everything on this PC</source>
        <translation>本机全部数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="95"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="98"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="102"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="103"/>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="106"/>
        <source>from IT&apos;s config.toml</source>
        <translation>取自信息化部门的 config.toml</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="108"/>
        <source>the system&apos;s certificates</source>
        <translation>系统证书</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="110"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="112"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="113"/>
        <source>Lock when idle for</source>
        <translation>闲置自动锁定</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="116"/>
        <source>Signed in</source>
        <translation>当前登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="118"/>
        <location filename="../../app/ui/shell/pages.py" line="130"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="119"/>
        <location filename="../../app/ui/shell/pages.py" line="131"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="121"/>
        <location filename="../../app/ui/shell/pages.py" line="132"/>
        <source>Scope</source>
        <translation>管辖范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="123"/>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="128"/>
        <source>Current user (this PC is not signed in to a server)</source>
        <translation>当前用户（本机未登录服务器）</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="133"/>
        <source>City server (for IT)</source>
        <translation>市级服务器（信息化人员设置）</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="135"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="136"/>
        <source>CA bundle</source>
        <translation>CA 证书文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="137"/>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="138"/>
        <source>Export diagnostics…</source>
        <translation>导出诊断信息…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="142"/>
        <source>Data folder: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="173"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/pages.py" line="175"/>
        <source>The language changes the next time GridDesk starts.</source>
        <translation>界面语言将在下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="82"/>
        <source>Sign in to GridDesk</source>
        <translation>登录网格工作台</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="83"/>
        <source>Sign in to the city server</source>
        <translation>登录市级服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="90"/>
        <source>Sign in once with the account your administrator gave you. GridDesk then keeps working offline and syncs whenever the server can be reached.</source>
        <translation>请使用管理员分配的账号登录一次。之后网格工作台可离线工作，并在能连上服务器时自动同步。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="109"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="111"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="112"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="122"/>
        <source>Users who have signed in on this computer: %1. They can sign in without a network. A new user signs in once online.</source>
        <translation>在本机登录过的用户：%1。他们无需网络即可登录。新用户需联网登录一次。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="131"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="169"/>
        <source>Enter the server address, starting with https://</source>
        <translation>请输入服务器地址，以 https:// 开头</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="173"/>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="178"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="271"/>
        <source>Signed in. Downloading your area&apos;s data…</source>
        <translation>已登录，正在下载辖区数据…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="274"/>
        <source>Downloading: %1 records</source>
        <translation>正在下载：%1 条记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="276"/>
        <source>Sending changes made on this computer…</source>
        <translation>正在上传本机的更改…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="278"/>
        <source>Uploading photos…</source>
        <translation>正在上传照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="280"/>
        <source>Receiving changes: %1</source>
        <translation>正在接收更改：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="312"/>
        <source>This user&apos;s local database was damaged. If a backup was restored, sign in again.</source>
        <translation>此用户的本地数据库已损坏。如已恢复备份，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="323"/>
        <source>Previous password</source>
        <translation>原密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="324"/>
        <source>Your previous password on this computer:</source>
        <translation>您在本机使用的原密码：</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="330"/>
        <source>That is not the previous password either.</source>
        <translation>原密码也不正确。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="337"/>
        <source>The password is wrong (%1 tries left before the account is locked on this computer).</source>
        <translation>密码错误（再错 %1 次，账号将在本机锁定）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="341"/>
        <source>Too many wrong passwords: this account is locked on this computer until %1.</source>
        <translation>密码错误次数过多，此账号在本机锁定至 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="347"/>
        <source>Too many wrong passwords: the account is locked. Try again in %1 minute(s).</source>
        <translation>密码错误次数过多，账号已锁定，请 %1 分钟后再试。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="349"/>
        <source>Too many failed sign-ins from this network. Try again in %1 minute(s).</source>
        <translation>此网络的登录失败次数过多，请 %1 分钟后再试。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="352"/>
        <source>Your password was changed on the server. Enter your previous password once to unlock the data on this computer.</source>
        <translation>您的密码已在服务器上修改。请输入一次原密码，以解锁本机上的数据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="355"/>
        <location filename="../../app/ui/shell/signin_dialog.py" line="356"/>
        <source>The user name or password is wrong.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="357"/>
        <location filename="../../app/ui/shell/signin_dialog.py" line="359"/>
        <source>Too many wrong passwords: the account is locked for 15 minutes.</source>
        <translation>密码错误次数过多，账号已锁定 15 分钟。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="360"/>
        <source>This account is disabled. Ask your administrator.</source>
        <translation>此账号已停用，请联系管理员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="361"/>
        <source>IT has removed this computer from the server. Ask them to register it again.</source>
        <translation>信息化人员已在服务器上停用本机，请联系其重新登记。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="363"/>
        <source>The server cannot be reached. Check the address and the network; GridDesk keeps working offline meanwhile.</source>
        <translation>无法连接服务器。请检查地址和网络；在此期间网格工作台可继续离线工作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="365"/>
        <source>The server&apos;s certificate is not trusted. Ask IT for the certificate bundle (ca_bundle in config.toml).</source>
        <translation>服务器证书不受信任。请向信息化人员索取证书文件（config.toml 中的 ca_bundle）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="367"/>
        <source>This GridDesk is too old for the server. Install the new version from IT.</source>
        <translation>此版本过旧，服务器不再支持。请安装信息化人员提供的新版本。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="374"/>
        <source>The server refused: %1</source>
        <translation>服务器拒绝：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/signin_dialog.py" line="379"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>StarsPage</name>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="52"/>
        <source>Five-star party branches</source>
        <translation>“五星”支部创建</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="66"/>
        <source>Year:</source>
        <translation>年度：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="68"/>
        <source>Community:</source>
        <translation>社区：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="71"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="71"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="72"/>
        <source>Stars earned now</source>
        <translation>当前可摘星</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="72"/>
        <source>Claimed</source>
        <translation>申报星级</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="73"/>
        <source>Reviewed</source>
        <translation>审核星级</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="73"/>
        <source>Confirmed</source>
        <translation>确认星级</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="74"/>
        <source>Next star</source>
        <translation>下一颗星</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="74"/>
        <source>Points short</source>
        <translation>还差分数</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="83"/>
        <source>Star</source>
        <translation>星</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="83"/>
        <source>Criterion</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="83"/>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="84"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="84"/>
        <location filename="../../app/ui/reports/stars_page.py" line="247"/>
        <source>Evidence</source>
        <translation>佐证</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="84"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="85"/>
        <location filename="../../app/ui/reports/stars_page.py" line="267"/>
        <source>Met</source>
        <translation>达到</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="85"/>
        <source>Note and photos</source>
        <translation>说明和照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="90"/>
        <source>Evidence…</source>
        <translation>佐证材料…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="93"/>
        <source>Show records…</source>
        <translation>查看记录…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="101"/>
        <source>Submit to the street…</source>
        <translation>提交街道…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="102"/>
        <source>Return to the community…</source>
        <translation>退回社区…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="103"/>
        <source>Review…</source>
        <translation>街道审核…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="104"/>
        <source>Send back to the street…</source>
        <translation>退回街道…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="105"/>
        <source>Confirm…</source>
        <translation>区级确认…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="158"/>
        <source>The stars could not be read: %1</source>
        <translation>无法读取星级评定：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="201"/>
        <source>all five earned</source>
        <translation>五星全部达到</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="233"/>
        <source>Points of the criteria met, against the points a star needs:</source>
        <translation>已达到指标的得分／摘星所需分数：</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/reports/stars_page.py" line="245"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="247"/>
        <source>Computed</source>
        <translation>系统统计</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="248"/>
        <source>Uploaded evidence</source>
        <translation>上传佐证</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="267"/>
        <source>Not met</source>
        <translation>未达到</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="268"/>
        <source>Met (evidence)</source>
        <translation>达到（佐证）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="268"/>
        <source>Needs evidence</source>
        <translation>待佐证</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="274"/>
        <source>No data yet: no small venues (九小场所) recorded here</source>
        <translation>暂无数据：本机尚未登记九小场所</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="276"/>
        <source>No data: the category dictionary has no such category</source>
        <translation>无数据：事件分类字典中没有该类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="278"/>
        <source>%1 record(s)</source>
        <translation>%1 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="280"/>
        <source>None in the year</source>
        <translation>本年度无</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="281"/>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 / %2（%3%）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="287"/>
        <source>at least %1%</source>
        <translation>不低于 %1%</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="289"/>
        <source>at least %1</source>
        <translation>不少于 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="290"/>
        <source>none</source>
        <translation>零</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="290"/>
        <source>at most %1</source>
        <translation>不多于 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="303"/>
        <source>%1 %2 by %3: %4</source>
        <translation>%1 %3 %2：%4</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="303"/>
        <source>%1 %2 by %3</source>
        <translation>%1 %3 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="308"/>
        <source>State: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="310"/>
        <source>Years: %1</source>
        <translation>历年：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="331"/>
        <source>Select a criterion first.</source>
        <translation>请先选择一项指标。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="346"/>
        <source>Evidence saved.</source>
        <translation>佐证材料已保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="352"/>
        <source>This criterion has no records to show.</source>
        <translation>该指标没有可查看的记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="374"/>
        <source>Submit to the street</source>
        <translation>提交街道</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="375"/>
        <source>The stars this community claims (those its evidence earns are ticked):</source>
        <translation>本社区申报的星（佐证已达标的已勾选）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="379"/>
        <source>Review</source>
        <translation>街道审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="380"/>
        <source>The stars the street agrees with:</source>
        <translation>街道同意的星：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="384"/>
        <source>Confirm</source>
        <translation>区级确认</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="385"/>
        <source>The stars the district confirms:</source>
        <translation>区级确认的星：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="388"/>
        <source>Return to the community</source>
        <translation>退回社区</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="389"/>
        <source>Send back to the street</source>
        <translation>退回街道</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="390"/>
        <source>Why it goes back:</source>
        <translation>退回原因：</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="404"/>
        <source>Done: %1.</source>
        <translation>已完成：%1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="424"/>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="425"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="426"/>
        <source>Submitted to the street</source>
        <translation>已提交街道</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="427"/>
        <source>Reviewed by the street</source>
        <translation>街道已审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="428"/>
        <source>Confirmed by the district</source>
        <translation>区级已确认</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="429"/>
        <source>Returned to the community</source>
        <translation>已退回社区</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="436"/>
        <source>submitted</source>
        <translation>提交街道</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="437"/>
        <source>reviewed</source>
        <translation>街道审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="438"/>
        <source>returned</source>
        <translation>退回社区</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="439"/>
        <source>confirmed</source>
        <translation>区级确认</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="440"/>
        <source>sent back</source>
        <translation>退回街道</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="447"/>
        <source>You may not take this step.</source>
        <translation>您无权执行此步骤。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="449"/>
        <source>The assessment has moved on meanwhile; it has been read again.</source>
        <translation>评定已被他人推进，已重新读取。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_page.py" line="451"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../app/ui/shell/app.py" line="194"/>
        <source>The GridDesk data in %1 is in use by another program: %2. Close it and start GridDesk again.</source>
        <translation>%1 中的网格工作台数据正被另一个程序使用：%2。请先关闭它，再重新启动网格工作台。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/app.py" line="283"/>
        <source>The local database is damaged (%1). Close GridDesk and start it again to restore the latest backup; changes not yet sent are re-sent from it.</source>
        <translation>本地数据库已损坏（%1）。请关闭网格工作台并重新启动，以恢复最近的备份；尚未上传的更改会从备份中重新发送。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/restore_dialog.py" line="21"/>
        <source>The local database cannot be opened:
%1</source>
        <translation>无法打开本地数据库：
%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/restore_dialog.py" line="24"/>
        <source>The local database cannot be opened:
%1

Restore the backup of %2? The damaged file is kept beside it.</source>
        <translation>无法打开本地数据库：
%1

是否恢复 %2 的备份？损坏的文件会保留在原处。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/restore_dialog.py" line="32"/>
        <source>The backup was restored. Start GridDesk again.</source>
        <translation>备份已恢复。请重新启动网格工作台。</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="244"/>
        <source>Compare sub-units</source>
        <translation>按下级单位对比</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="245"/>
        <source>Compare departments</source>
        <translation>按部门对比</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="246"/>
        <source>Compare workers</source>
        <translation>按人员对比</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="266"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="266"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="267"/>
        <source>Chart</source>
        <translation>图表指标</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="284"/>
        <location filename="../../app/ui/reports/stats_page.py" line="448"/>
        <source>No cases in these months</source>
        <translation>这几个月没有事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="288"/>
        <source>Nothing to compare in this month</source>
        <translation>本月没有可对比的数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="298"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="298"/>
        <source>Due</source>
        <translation>应结案</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="303"/>
        <source>Double-click a figure to see its cases.</source>
        <translation>双击数字查看对应事件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="305"/>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="306"/>
        <source>Click a figure, a bar or a point to see the cases behind it. Times are working hours.</source>
        <translation>点击数字、柱形或折线点可查看对应事件。时长按工作时间计算。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="336"/>
        <source>Everything on this PC</source>
        <translation>本机全部数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="375"/>
        <source>Could not compute: %1</source>
        <translation>计算失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="388"/>
        <source>Computing indicators…</source>
        <translation>正在计算指标…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="446"/>
        <source>Computing the trend…</source>
        <translation>正在计算趋势…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="447"/>
        <source>Shown as it stands now: no month-by-month history</source>
        <translation>按当前状态统计，没有逐月历史</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="450"/>
        <source>%1, month by month</source>
        <translation>%1 月度趋势</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="470"/>
        <source>%1 by sub-unit</source>
        <translation>各下级单位%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="470"/>
        <source>%1 by department</source>
        <translation>各部门%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="471"/>
        <source>%1 by worker</source>
        <translation>各人员%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="483"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="514"/>
        <source>Finding the records…</source>
        <translation>正在查找记录…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="518"/>
        <source>Finding the cases…</source>
        <translation>正在查找事件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="541"/>
        <source>%1 · %2 — %3 (%4)</source>
        <translation>%1 · %2 — %3（%4）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stats_page.py" line="543"/>
        <source>%1 · %2 — cases %3 (%4)</source>
        <translation>%1 · %2 — %3的事件（%4）</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="158"/>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="159"/>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="172"/>
        <source>Write the reason, so the community knows what to do.</source>
        <translation>请填写原因，便于社区整改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports/stars_dialogs.py" line="175"/>
        <source>The note is too long (at most %1 characters).</source>
        <translation>说明太长（最多 %1 个字）。</translation>
    </message>
</context>
<context>
    <name>SummaryStep</name>
    <message>
        <location filename="../../app/ui/io/summary_step.py" line="21"/>
        <source>Save error report…</source>
        <translation>保存错误报告…</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/summary_step.py" line="31"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/summary_step.py" line="32"/>
        <source>%1 new residents, %2 updated, %3 already up to date, %4 skipped.</source>
        <translation>新增 %1 人，更新 %2 人，%3 人已是最新，跳过 %4 人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/summary_step.py" line="37"/>
        <source>%1 new households and %2 new address nodes.</source>
        <translation>新增 %1 户，新增地址 %2 个。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/summary_step.py" line="40"/>
        <source>Time: %1 s. The import is in the audit log and waits to sync.</source>
        <translation>用时 %1 秒。本次导入已记入审计日志，等待同步。</translation>
    </message>
    <message>
        <location filename="../../app/ui/io/summary_step.py" line="43"/>
        <source>%1 row(s) were not imported: save the error report, correct them and import the report again.</source>
        <translation>%1 行未导入：请保存错误报告，改正后再导入该报告。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="552"/>
        <location filename="../../app/ui/sync/sync_page.py" line="558"/>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="81"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="85"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="87"/>
        <source>Sign in to the server…</source>
        <translation>登录服务器…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="103"/>
        <location filename="../../app/ui/sync/sync_page.py" line="105"/>
        <location filename="../../app/ui/sync/sync_page.py" line="122"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="103"/>
        <location filename="../../app/ui/sync/sync_page.py" line="105"/>
        <location filename="../../app/ui/sync/sync_page.py" line="122"/>
        <source>What</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="103"/>
        <location filename="../../app/ui/sync/sync_page.py" line="105"/>
        <location filename="../../app/ui/sync/sync_page.py" line="122"/>
        <source>Change</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="104"/>
        <location filename="../../app/ui/sync/sync_page.py" line="123"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="104"/>
        <location filename="../../app/ui/sync/sync_page.py" line="106"/>
        <location filename="../../app/ui/sync/sync_page.py" line="123"/>
        <source>Tries</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="106"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="107"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="111"/>
        <source>The server did not accept these changes. They are kept here with the reason; nothing is dropped. Fix the cause (or ask your supervisor) and try again.</source>
        <translation>服务器未接受以下更改。它们连同原因保留在这里，不会丢失。请排除原因（或请示上级）后重试。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="126"/>
        <source>These records belong to another grid or community now (or were made where you no longer work). Your changes were sent to the people who hold them now; their supervisor decides. Nothing is lost and nothing more is needed from you.</source>
        <translation>这些记录现已归属其他网格或社区（或是在您已不再负责的地方新建的）。您的修改已转交给现在负责这些记录的人员，由其主管决定是否采用。内容不会丢失，您无需再做什么。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="134"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="134"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="135"/>
        <source>Value kept</source>
        <translation>保留的值</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="135"/>
        <location filename="../../app/ui/sync/sync_page.py" line="449"/>
        <source>Other value</source>
        <translation>另一个值</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="136"/>
        <location filename="../../app/ui/sync/sync_page.py" line="450"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="139"/>
        <source>Keep current value</source>
        <translation>保留当前值</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="140"/>
        <location filename="../../app/ui/sync/sync_page.py" line="523"/>
        <location filename="../../app/ui/sync/sync_page.py" line="525"/>
        <source>Take the other value</source>
        <translation>采用另一个值</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="141"/>
        <source>Enter a value…</source>
        <translation>输入新值…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="145"/>
        <source>Show full values…</source>
        <translation>显示完整信息…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="147"/>
        <source>Show the full ID numbers and phones of this conflict (you will be asked why; it is logged)</source>
        <translation>显示此冲突中完整的身份证号和电话（需填写原因，并记入审计日志）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="165"/>
        <source>Started</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="165"/>
        <source>Finished</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="165"/>
        <source>Sent</source>
        <translation>上传</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="166"/>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="166"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="167"/>
        <source>Rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="167"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="172"/>
        <source>History</source>
        <translation>同步记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="210"/>
        <source>The sync lists could not be read: %1</source>
        <translation>无法读取同步列表：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="236"/>
        <source>Waiting to send (%1)</source>
        <translation>待上传（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="238"/>
        <source>Needs attention (%1)</source>
        <translation>需要处理（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="240"/>
        <location filename="../../app/ui/sync/sync_page.py" line="564"/>
        <source>Conflicts (%1)</source>
        <translation>冲突（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="242"/>
        <source>Sent to the present holder (%1)</source>
        <translation>已转交现负责人（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="292"/>
        <source>edited, but deleted long ago</source>
        <translation>已修改，但该记录早已删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="294"/>
        <source>edited, but deleted elsewhere</source>
        <translation>已修改，但在别处被删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="296"/>
        <source>new, made by someone who no longer works here</source>
        <translation>新建，建档人已不在此处工作</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="298"/>
        <source>changed by someone who no longer holds it</source>
        <translation>修改人已不再负责该记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="300"/>
        <source>deleted, but edited elsewhere</source>
        <translation>已删除，但在别处被修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="302"/>
        <source>case step not allowed: %1</source>
        <translation>不允许的事件环节：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="311"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="313"/>
        <source>Running or interrupted</source>
        <translation>进行中或被中断</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="315"/>
        <source>Full download: this computer was offline longer than the server keeps changes; edits of records deleted meanwhile went to a supervisor</source>
        <translation>完整下载：本机离线时间超过服务器保留变更的期限；对期间已删除记录的修改已交主管处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="319"/>
        <source>Full download</source>
        <translation>全量下载</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="321"/>
        <source>Checked against the server: %1 repaired</source>
        <translation>已与服务器核对：修复 %1 条</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="324"/>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="340"/>
        <source>Not signed in to a city server: everything is kept on this computer and will be sent once you sign in.</source>
        <translation>尚未登录市级服务器：所有数据保存在本机，登录后自动上传。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="345"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="345"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="346"/>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="348"/>
        <source>%1 · signed in as %2 · %3 · last successful sync: %4</source>
        <translation>%1 · 登录用户 %2 · %3 · 上次成功同步：%4</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="350"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="353"/>
        <source>The server refused this computer&apos;s audit log from record %1 on (%2): it is kept here; tell IT.</source>
        <translation>服务器拒收本机审计日志（自第 %1 条起，原因：%2）：日志仍保留在本机，请告知信息技术人员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="374"/>
        <source>Sending…</source>
        <translation>正在上传…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="374"/>
        <source>Receiving: %1</source>
        <translation>正在接收：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="375"/>
        <source>Full download: %1 records</source>
        <translation>全量下载：%1 条记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="376"/>
        <source>Uploading photos…</source>
        <translation>正在上传照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="376"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="439"/>
        <source>Conflicts are resolved by a community supervisor or the center.</source>
        <translation>冲突由社区书记/专干或综治中心处理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="441"/>
        <source>&lt;p&gt;Select a conflict to see both sides.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选择一条冲突，查看双方的值。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="443"/>
        <source>&lt;p&gt;No conflicts: every change merged.&lt;/p&gt;</source>
        <translation>&lt;p&gt;没有冲突：所有更改均已合并。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="449"/>
        <source>Value kept (now on the server)</source>
        <translation>保留的值（服务器当前值）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="450"/>
        <source>By</source>
        <translation>修改人</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="451"/>
        <source>Case timeline</source>
        <translation>事件流程</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="451"/>
        <source>not allowed</source>
        <translation>不允许</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="253"/>
        <location filename="../../app/ui/sync/sync_page.py" line="482"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="249"/>
        <location filename="../../app/ui/sync/sync_page.py" line="277"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="482"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="517"/>
        <source>you</source>
        <translation>您</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="524"/>
        <source>Replace the value kept here with the other one? The value kept now is overwritten (the audit log keeps both).</source>
        <translation>确定采用另一个值吗？当前保留的值将被覆盖（审计日志会记录两个值）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="541"/>
        <source>Enter a value</source>
        <translation>输入新值</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="542"/>
        <source>Value for %1:</source>
        <translation>%1 的值：</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="554"/>
        <source>Enter the value to keep.</source>
        <translation>请输入要保留的值。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="555"/>
        <source>This conflict was already resolved.</source>
        <translation>此冲突已处理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="556"/>
        <source>That choice is not possible for this conflict.</source>
        <translation>此冲突不能这样处理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sync/sync_page.py" line="557"/>
        <source>This conflict no longer exists.</source>
        <translation>此冲突已不存在。</translation>
    </message>
</context>
<context>
    <name>TableKit</name>
    <message>
        <location filename="../../app/ui/common/tables.py" line="216"/>
        <source>The list is too long to sort: narrow it with the search or the filters first (at most %1 rows).</source>
        <translation>列表太长，无法排序：请先用搜索或筛选缩小范围（最多 %1 行）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/tables.py" line="279"/>
        <source>Copy cell</source>
        <translation>复制单元格</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/tables.py" line="280"/>
        <source>Copy row</source>
        <translation>复制整行</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/tables.py" line="281"/>
        <source>Copy selected rows</source>
        <translation>复制选中的行</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/tables.py" line="283"/>
        <source>Copy the whole list</source>
        <translation>复制整个列表</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/tables.py" line="288"/>
        <source>Print the list…</source>
        <translation>打印列表…</translation>
    </message>
</context>
<context>
    <name>TagDialog</name>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="313"/>
        <source>Add tag</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="317"/>
        <source>open-ended</source>
        <translation>长期</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="319"/>
        <source>e.g. disability category and grade</source>
        <translation>如残疾类别和等级</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="325"/>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="325"/>
        <source>Since</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="326"/>
        <source>Until</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="326"/>
        <source>Details</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="327"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>TagsPanel</name>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="262"/>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="262"/>
        <source>Group</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="262"/>
        <source>Since</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="263"/>
        <source>Until</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="263"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="264"/>
        <source>Add tag…</source>
        <translation>添加标签…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="266"/>
        <source>End tag today</source>
        <translation>今日结束标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="283"/>
        <source>Key group</source>
        <translation>重点人群</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="283"/>
        <source>Care group</source>
        <translation>关怀对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="300"/>
        <location filename="../../app/ui/roster/resident_dialog.py" line="302"/>
        <source>End tag</source>
        <translation>结束标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="301"/>
        <source>End the tag “%1” today? It stays in the history.</source>
        <translation>确定今天结束标签“%1”吗？结束后仍保留在历史记录中。</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="419"/>
        <source>New visit</source>
        <translation>新增走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="424"/>
        <source>What you found; anything that needs follow-up</source>
        <translation>走访发现的情况，需跟进的事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="428"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="429"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="430"/>
        <source>Findings</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="436"/>
        <source>Choose photos…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="439"/>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="439"/>
        <source>Images (%1)</source>
        <translation>图片（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="440"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
</context>
<context>
    <name>VisitsPanel</name>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="352"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="352"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="352"/>
        <source>Visitor</source>
        <translation>走访人</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="353"/>
        <source>Findings</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="354"/>
        <source>New visit…</source>
        <translation>新增走访…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="356"/>
        <location filename="../../app/ui/roster/resident_dialog.py" line="391"/>
        <source>Turn finding into a case…</source>
        <translation>转为事件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster/resident_dialog.py" line="390"/>
        <source>View case</source>
        <translation>查看事件</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <location filename="../../app/ui/common/widgets.py" line="169"/>
        <source>“%1” is not part of your role: you can see this queue but not act on it.</source>
        <translation>“%1”不在您的职责范围内：您可以查看此队列，但不能办理。</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../../app/ui/common/words.py" line="22"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="28"/>
        <source>%1 h</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="33"/>
        <source>House use</source>
        <translation>房屋用途</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="34"/>
        <source>Property type</source>
        <translation>产权性质</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="35"/>
        <source>Floor area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="36"/>
        <source>Owner</source>
        <translation>产权人</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="37"/>
        <source>Owner&apos;s phone</source>
        <translation>产权人电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="38"/>
        <source>Landlord</source>
        <translation>房东</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="39"/>
        <source>Landlord&apos;s phone</source>
        <translation>房东电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="40"/>
        <source>Rental registration number</source>
        <translation>出租屋登记号</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="41"/>
        <source>Registered on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="42"/>
        <source>Checked on</source>
        <translation>核查日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="43"/>
        <source>Moved in</source>
        <translation>入住日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="44"/>
        <source>Moved out</source>
        <translation>搬离日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="45"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="46"/>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="47"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="48"/>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="49"/>
        <source>Job</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="50"/>
        <source>Inspected on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="51"/>
        <source>Inspector</source>
        <translation>检查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="52"/>
        <source>Checklist</source>
        <translation>检查项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="53"/>
        <source>Re-inspection due</source>
        <translation>复查日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="55"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="56"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="57"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="58"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="59"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="60"/>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="61"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="62"/>
        <source>Residence type</source>
        <translation>人员类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="63"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="64"/>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="65"/>
        <source>Education</source>
        <translation>文化程度</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="66"/>
        <source>Marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="67"/>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="68"/>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="69"/>
        <source>Registered address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="70"/>
        <source>Moved in on</source>
        <translation>迁入日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="71"/>
        <source>In-service party member</source>
        <translation>在职党员</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="72"/>
        <source>Party member&apos;s unit</source>
        <translation>报到党员单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="73"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="74"/>
        <location filename="../../app/ui/common/words.py" line="156"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="75"/>
        <source>Relation to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="76"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="77"/>
        <location filename="../../app/ui/common/words.py" line="104"/>
        <location filename="../../app/ui/common/words.py" line="157"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="78"/>
        <source>Where the person lives</source>
        <translation>居住地</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="80"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="81"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="82"/>
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="83"/>
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="84"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="85"/>
        <source>Floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="86"/>
        <source>Part of</source>
        <translation>上级地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="87"/>
        <source>Full address</source>
        <translation>完整地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="89"/>
        <location filename="../../app/ui/common/words.py" line="158"/>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="90"/>
        <source>Since</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="91"/>
        <source>Tag ends</source>
        <translation>标签结束日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="92"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="93"/>
        <location filename="../../app/ui/common/words.py" line="155"/>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="94"/>
        <source>Visit date</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="95"/>
        <source>Findings</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="96"/>
        <source>Visitor</source>
        <translation>走访人</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="97"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="99"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="100"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="101"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="102"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="103"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="105"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="106"/>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="107"/>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="108"/>
        <source>Reporter</source>
        <translation>反映人</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="109"/>
        <source>Reporter&apos;s phone</source>
        <translation>反映人电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="110"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="111"/>
        <location filename="../../app/ui/common/words.py" line="161"/>
        <location filename="../../app/ui/common/words.py" line="188"/>
        <source>Case step</source>
        <translation>事件环节</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="112"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="113"/>
        <source>Handled by</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="114"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="115"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="116"/>
        <source>Deadline</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="117"/>
        <source>Resolution</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="118"/>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="119"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="121"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="122"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="123"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="124"/>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="125"/>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="126"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="127"/>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="128"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="129"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="130"/>
        <source>Masked</source>
        <translation>脱敏</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="131"/>
        <source>Full values</source>
        <translation>完整信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="132"/>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="133"/>
        <source>Repaired</source>
        <translation>已修复</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="134"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="135"/>
        <source>Removed</source>
        <translation>已清理</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="136"/>
        <location filename="../../app/ui/common/words.py" line="175"/>
        <source>Dictionary</source>
        <translation>字典</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="137"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="138"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="139"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="140"/>
        <source>Sessions ended</source>
        <translation>结束的登录会话</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="141"/>
        <source>Residents</source>
        <translation>居民人数</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="151"/>
        <source>Other field</source>
        <translation>其他字段</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="159"/>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="160"/>
        <source>Case</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="162"/>
        <source>Case resident</source>
        <translation>事件相关居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="163"/>
        <source>Star assessment</source>
        <translation>五星评定</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="164"/>
        <source>Org unit</source>
        <translation>组织机构</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="165"/>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="166"/>
        <source>House</source>
        <translation>房屋</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="167"/>
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="168"/>
        <source>Organization</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="169"/>
        <source>Employee</source>
        <translation>从业人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="170"/>
        <source>Inspection</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="171"/>
        <source>Waiting change</source>
        <translation>待上传的更改</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="172"/>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="173"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="174"/>
        <source>Computer</source>
        <translation>电脑</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="183"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="186"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="186"/>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="187"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="189"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="194"/>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="209"/>
        <source>Your role may not make this change.</source>
        <translation>您的角色无权做此更改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="210"/>
        <source>The record no longer exists on the server.</source>
        <translation>服务器上已没有这条记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="211"/>
        <source>A value of the change is not valid.</source>
        <translation>更改中的某个值不符合要求。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="212"/>
        <source>The change is not one the server takes.</source>
        <translation>服务器不接受这种更改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="213"/>
        <source>The server does not know this kind of record.</source>
        <translation>服务器不认识这类记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="214"/>
        <source>The place it belongs to does not exist on the server.</source>
        <translation>它所属的上级在服务器上不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="215"/>
        <source>The record is outside the area you work in.</source>
        <translation>这条记录不在您负责的范围内。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="216"/>
        <source>A record with the same id already exists.</source>
        <translation>已有编号相同的记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="217"/>
        <source>The change names another record than the one it changes.</source>
        <translation>更改所指的记录与实际修改的记录不一致。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="218"/>
        <source>The grid does not exist on the server.</source>
        <translation>服务器上没有这个网格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="219"/>
        <source>The unit chosen to handle it does not exist.</source>
        <translation>所选的处置单位不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="220"/>
        <source>This computer was withdrawn by IT.</source>
        <translation>这台电脑已被信息科停用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="221"/>
        <source>This computer is not registered with the server.</source>
        <translation>这台电脑尚未在服务器登记。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="222"/>
        <source>That choice is not possible for this conflict.</source>
        <translation>这个冲突不能这样处理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="223"/>
        <source>This conflict was already resolved.</source>
        <translation>这个冲突已经处理过了。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="224"/>
        <source>The change holds a field the server does not know.</source>
        <translation>更改中有服务器不认识的字段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="225"/>
        <source>The server does not know this case step.</source>
        <translation>服务器不认识这个事件环节。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="226"/>
        <source>Too many changes are waiting for earlier ones.</source>
        <translation>等待前序更改的更改太多。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="227"/>
        <source>The change is too large.</source>
        <translation>更改内容过大。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="228"/>
        <source>The account that made the change no longer exists.</source>
        <translation>做此更改的账号已不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="229"/>
        <source>A required value is missing.</source>
        <translation>缺少必填的值。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="230"/>
        <source>The photo was not accepted.</source>
        <translation>照片未被接受。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="231"/>
        <source>The address does not match the record&apos;s place.</source>
        <translation>地址与记录所在位置不一致。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="232"/>
        <source>The record&apos;s id gives away when it was made.</source>
        <translation>记录编号会暴露其创建时间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="233"/>
        <source>The linked record belongs to another grid.</source>
        <translation>关联的记录属于其他网格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="234"/>
        <source>The linked record does not exist.</source>
        <translation>关联的记录不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="235"/>
        <source>A case step cannot be changed once made.</source>
        <translation>事件环节一经办理不能修改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="236"/>
        <source>The change does not say what it changes.</source>
        <translation>更改未说明修改的是什么。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="237"/>
        <source>That field is worked out by the server.</source>
        <translation>该字段由服务器计算得出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="238"/>
        <source>A value has the wrong form.</source>
        <translation>某个值的格式不对。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="239"/>
        <source>The server was restored from an older backup that lacks this change; its content was already removed here after the safety window.</source>
        <translation>服务器从较早的备份恢复，其中没有这项更改；本机已在保留期满后清除了它的内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="263"/>
        <source>not valid</source>
        <translation>不符合要求</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="264"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="267"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/words.py" line="271"/>
        <source>The server did not accept this change.</source>
        <translation>服务器未接受此更改。</translation>
    </message>
</context>
</TS>
