<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ArrivalDialog</name>
    <message>
        <source>Arrival check</source>
        <translation>到货核对</translation>
    </message>
    <message>
        <source>Latest orders first</source>
        <translation>后下单的先减</translation>
    </message>
    <message>
        <source>Proportional</source>
        <translation>按比例分摊</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>团购活动</translation>
    </message>
    <message>
        <source>Shortage rule</source>
        <translation>缺货分配规则</translation>
    </message>
    <message>
        <source>Enter what arrived usable; damaged units count as not received.</source>
        <translation>请填写实际到货且完好的数量；破损的按未到货计。</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>订购数</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>实到数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>From → to</source>
        <translation>原数 → 现数</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Confirm arrival</source>
        <translation>确认到货</translation>
    </message>
    <message>
        <source>No campaign is waiting for its goods.</source>
        <translation>没有等待到货的团购活动。</translation>
    </message>
    <message>
        <source>Arrival check (from HQ&apos;s delivery note)</source>
        <translation>到货核对（按总部送货单预填）</translation>
    </message>
    <message>
        <source>short %1</source>
        <translation>缺 %1</translation>
    </message>
    <message>
        <source>%1 extra, kept as stock</source>
        <translation>多到 %1，计入库存</translation>
    </message>
    <message>
        <source>%1 orders receive less, %2 refunded in full; refunds owed %3</source>
        <translation>%1 个订单少发，%2 个全额退款；应退 %3</translation>
    </message>
    <message>
        <source>By hand, per order</source>
        <translation>手动逐单分配</translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <source>Edit campaign</source>
        <translation>编辑活动</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Title *</source>
        <translation>标题 *</translation>
    </message>
    <message>
        <source>e.g. 11月28日 水果生鲜团</source>
        <translation>例如 11月28日 水果生鲜团</translation>
    </message>
    <message>
        <source>Order deadline (截单)</source>
        <translation>截单时间</translation>
    </message>
    <message>
        <source>Pickup date</source>
        <translation>提货日期</translation>
    </message>
    <message>
        <source>Pickup points</source>
        <translation>自提点</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Price (¥)</source>
        <translation>团购价（元）</translation>
    </message>
    <message>
        <source>Stock cap</source>
        <translation>限购总量</translation>
    </message>
    <message>
        <source>Limit per member</source>
        <translation>每人限购</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Add product</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>移除所选</translation>
    </message>
    <message>
        <source>Create this product…</source>
        <translation>新建这个商品…</translation>
    </message>
    <message>
        <source>No product in the catalog matches “%1”.</source>
        <translation>商品库中没有与“%1”匹配的商品。</translation>
    </message>
    <message>
        <source>Name, initials (cm = 草莓) or SKU</source>
        <translation>商品名、拼音首字母（cm = 草莓）或编码</translation>
    </message>
</context>
<context>
    <name>CampaignsPage</name>
    <message>
        <source>Campaign</source>
        <translation>团购活动</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截单时间</translation>
    </message>
    <message>
        <source>Pickup</source>
        <translation>提货日</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>团购活动</translation>
    </message>
    <message>
        <source>Search campaigns…</source>
        <translation>搜索活动…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Copy campaign</source>
        <translation>复制团</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>HQ suggestions</source>
        <translation>总部推荐</translation>
    </message>
    <message>
        <source>HQ suggestions (%1)</source>
        <translation>总部推荐 (%1)</translation>
    </message>
    <message>
        <source>Draft campaign %1 made from HQ&apos;s suggestion: check it, then open it.</source>
        <translation>已按总部推荐创建草稿活动“%1”，请核对后开团。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln campaign(s)</source>
        <translation>
            <numerusform>共 %Ln 个活动</numerusform>
        </translation>
    </message>
    <message>
        <source>Open for orders</source>
        <translation>开团</translation>
    </message>
    <message>
        <source>Close (截单)</source>
        <translation>截单</translation>
    </message>
    <message>
        <source>Goods arrived</source>
        <translation>到货</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Open “%1” for orders? Orders can then be entered until the deadline.</source>
        <translation>开团“%1”吗？开团后可录入订单，直到截单时间。</translation>
    </message>
    <message>
        <source>Close “%1” (截单)? Orders so far: %2, from %3 members. No more orders can be entered after this.</source>
        <translation>对“%1”截单吗？目前共 %2 笔订单，来自 %3 位会员。截单后不能再录入新订单。</translation>
    </message>
    <message>
        <source>Mark the goods of “%1” as arrived? Orders to pick up: %2. The pickup desk then accepts their codes.</source>
        <translation>将“%1”标记为已到货吗？待提货订单 %2 笔，之后提货核销台即可核销它们的提货码。</translation>
    </message>
    <message>
        <source>Mark “%1” done? Orders picked up: %2; still waiting: %3.</source>
        <translation>将“%1”标记为已完成吗？已提货 %2 笔，仍待提货 %3 笔。</translation>
    </message>
    <message>
        <source>Ctrl+Z takes it back.</source>
        <translation>按 Ctrl+Z 可撤销。</translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Group price</source>
        <translation>团购价</translation>
    </message>
    <message>
        <source>List price</source>
        <translation>划线价</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>商品编码</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已下架</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>商品库</translation>
    </message>
    <message>
        <source>Search product, spec or SKU…</source>
        <translation>搜索商品名、规格或编码…</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>新建商品</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <source>%Ln product(s)</source>
        <translation>
            <numerusform>共 %Ln 个商品</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete product</source>
        <translation>删除商品</translation>
    </message>
    <message>
        <source>Delete %1? A product that campaigns use is withdrawn instead, so old orders keep it.</source>
        <translation>删除 %1？已被活动使用的商品会改为下架，旧订单仍保留它。</translation>
    </message>
</context>
<context>
    <name>ChartBox</name>
    <message>
        <source>Save as PNG…</source>
        <translation>保存为 PNG…</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>A check of the data file found damage. Keep working only after restoring a backup; new changes could be lost.</source>
        <translation>检查发现数据文件已损坏。请先恢复备份再继续工作，否则新的改动可能丢失。</translation>
    </message>
    <message>
        <source>Leader Desk</source>
        <translation>团长工作台</translation>
    </message>
    <message>
        <source>Upgrading your data to the new version. A copy is kept first.
This takes a few seconds for a large store; please wait.</source>
        <translation>正在把数据升级到新版本，升级前会先保留一份副本。
数据较多时需要几秒钟，请稍候。</translation>
    </message>
    <message>
        <source>Leader Desk was updated</source>
        <translation>团长工作台已更新</translation>
    </message>
    <message>
        <source>Your data was upgraded to the new version (schema %1). Nothing was lost. The copy from before the upgrade is kept at:
%2</source>
        <translation>数据已升级到新版本（数据结构第 %1 版），没有丢失任何数据。升级前的副本保存在：
%2</translation>
    </message>
    <message>
        <source>The data file was damaged. It was repaired, but %1 records could not be read. The damaged file is kept as %2.</source>
        <translation>数据文件曾损坏，已修复，但有 %1 条记录无法读出。损坏的文件保留为 %2。</translation>
    </message>
    <message>
        <source>The data file was damaged. It was repaired and nothing was lost. The damaged file is kept as %2.</source>
        <translation>数据文件曾损坏，已修复，没有丢失任何数据。损坏的文件保留为 %2。</translation>
    </message>
    <message>
        <source>The newest good backup is from %1.</source>
        <translation>最新的完好备份来自 %1。</translation>
    </message>
    <message>
        <source>The damaged file could not be read far enough to tell what restoring it would lose: orders and pickups made after that time may be missing. Check the goods before handing anything over twice.</source>
        <translation>损坏的文件读不出足够内容，无法判断恢复会丢失什么：该时间之后的订单和取货记录可能缺失。再次交货前请先核对。</translation>
    </message>
    <message>
        <source>Restoring it would lose %1 orders made after it. %2 pickups made after it are recorded again, so those goods cannot be handed over twice.</source>
        <translation>恢复它会丢失其后新增的 %1 笔订单。其后的 %2 次取货会重新记录，这些货品不会被重复交付。</translation>
    </message>
    <message>
        <source>The damaged file is kept beside it.</source>
        <translation>损坏的文件会保留在旁边。</translation>
    </message>
    <message>
        <source>Restore it now?</source>
        <translation>现在恢复吗？</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <source>Leader Desk hit an unexpected problem. Your saved data is safe: the last action was rolled back. Please copy the details below and send them to support.</source>
        <translation>团长工作台遇到意外问题。已保存的数据是安全的：刚才的操作已撤回。请复制下面的详情并发送给客服。</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <source>Leader Desk could not start because of an unexpected problem. Nothing in your data was changed. Please copy the details below and send them to support.</source>
        <translation>团长工作台遇到意外问题，无法启动。您的数据没有任何改动。请复制下面的详细信息发给客服。</translation>
    </message>
</context>
<context>
    <name>ExportPanel</name>
    <message>
        <source>Orders (one row per line)</source>
        <translation>订单明细（每行一个商品）</translation>
    </message>
    <message>
        <source>Pickup list (per member)</source>
        <translation>提货清单（按会员）</translation>
    </message>
    <message>
        <source>Purchase list for HQ (per product)</source>
        <translation>采购清单（按商品汇总，发总部）</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Campaign summary</source>
        <translation>活动汇总</translation>
    </message>
    <message>
        <source>List</source>
        <translation>清单</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>团购活动</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Export to CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>%1 file</source>
        <translation>%1 文件</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Leader Desk</source>
        <translation>欢迎使用团长工作台</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome&lt;/h2&gt;&lt;p&gt;Tell us about your shop. Everything is kept on this computer and works without a network.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;欢迎&lt;/h2&gt;&lt;p&gt;请填写您的店铺信息。所有数据都保存在这台电脑上，断网也能正常使用。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>e.g. 幸福里社区团购</source>
        <translation>例如 幸福里社区团购</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>e.g. 北门便利店</source>
        <translation>例如 北门便利店</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <source>Leader name</source>
        <translation>团长姓名</translation>
    </message>
    <message>
        <source>Pickup point</source>
        <translation>自提点</translation>
    </message>
    <message>
        <source>Please enter the shop&apos;s name.</source>
        <translation>请填写店铺名称。</translation>
    </message>
    <message>
        <source>Creating demo data…</source>
        <translation>正在生成演示数据…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Then, how would you like to start?</source>
        <translation>接下来，想从哪里开始？</translation>
    </message>
    <message>
        <source>Import a 快团团 / 群接龙 export</source>
        <translation>导入快团团 / 群接龙导出的文件</translation>
    </message>
    <message>
        <source>Add products</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>Try the demo data</source>
        <translation>试用演示数据</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Throw away what you entered?</source>
        <translation>放弃已填写的内容吗？</translation>
    </message>
    <message>
        <source>Throw away</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续填写</translation>
    </message>
</context>
<context>
    <name>Guidance</name>
    <message>
        <source>No members yet. Add them one by one, or import a member list or a 快团团 export.</source>
        <translation>还没有会员。可以逐个添加，也可以导入会员名单或快团团导出的订单。</translation>
    </message>
    <message>
        <source>New member</source>
        <translation>新建会员</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>No products yet. Campaigns list products from here, so start with them.</source>
        <translation>商品库还是空的。团购活动的商品都从这里选，请先添加商品。</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>新建商品</translation>
    </message>
    <message>
        <source>Import a product list…</source>
        <translation>导入商品清单…</translation>
    </message>
    <message>
        <source>Try the demo data</source>
        <translation>试用演示数据</translation>
    </message>
    <message>
        <source>No campaigns yet. A campaign lists products from the catalog with its prices, a deadline (截单) and a pickup date.</source>
        <translation>还没有团购活动。活动从商品库选商品，设定团购价、截单时间和提货日期。</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Add products</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>No orders yet. Enter one by keyboard (Ctrl+N), or import a 快团团 / 群接龙 export.</source>
        <translation>还没有订单。可以用键盘录单（Ctrl+N），或导入快团团 / 群接龙导出的文件。</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新建订单</translation>
    </message>
    <message>
        <source>Import orders…</source>
        <translation>导入订单…</translation>
    </message>
    <message>
        <source>Import an export…</source>
        <translation>导入导出文件…</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Change history</source>
        <translation>改动记录</translation>
    </message>
    <message>
        <source>Every change is recorded with its time; HQ receives the same record.</source>
        <translation>每一次改动都带时间记录下来；总部收到的也是同一份记录。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Undo: %1</source>
        <translation>撤销：%1</translation>
    </message>
    <message>
        <source>takes back the change of %1</source>
        <translation>撤回了 %1 的更改</translation>
    </message>
    <message>
        <source>undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>undo of an earlier change</source>
        <translation>撤销了之前的改动</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import / Export</source>
        <translation>导入 / 导出</translation>
    </message>
    <message>
        <source>Import a file</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Paste 接龙</source>
        <translation>粘贴接龙</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Drop a 快团团 / 群接龙 export, a member or product list here, or choose a file.</source>
        <translation>把快团团、群接龙导出表、会员或商品名单拖到这里，或点击选择文件。</translation>
    </message>
    <message>
        <source>Detect kind</source>
        <translation>自动识别类型</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Into campaign</source>
        <translation>导入到活动</translation>
    </message>
    <message>
        <source>Title of the new campaign</source>
        <translation>新活动的标题</translation>
    </message>
    <message>
        <source>Check without saving</source>
        <translation>只检查不保存</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Campaign (its products are matched by short name)</source>
        <translation>团购活动（按商品简称匹配其中的商品）</translation>
    </message>
    <message>
        <source>Paste the 接龙 message from the WeChat group here, e.g.
#接龙
1. 小雨妈妈 3-2-501 草莓2 橙子1
2. 李姐 5栋1单元302 橙子x2</source>
        <translation>把微信群里的接龙消息粘贴到这里，例如
#接龙
1. 小雨妈妈 3-2-501 草莓2 橙子1
2. 李姐 5栋1单元302 橙子x2</translation>
    </message>
    <message>
        <source>Import entries</source>
        <translation>导入接龙</translation>
    </message>
    <message>
        <source>Save report…</source>
        <translation>保存报告…</translation>
    </message>
    <message>
        <source>Undo this import</source>
        <translation>撤销本次导入</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>原始值</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Spreadsheets and text (%1)</source>
        <translation>表格和文本 (%1)</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>%1 rows; read as %2. Check the column mapping, then Import.</source>
        <translation>共 %1 行，识别为%2。请核对列对应关系，然后点导入。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>The orders of this file are already in campaign “%1”.

If this is a newer export of that campaign, update it: refunds, cancellations and changed quantities are applied there and new orders added.</source>
        <translation>此文件的订单已在团购活动“%1”中。

如果这是该活动的新导出，请更新它：退款、取消和数量变化会同步到该活动，新订单会加入。</translation>
    </message>
    <message>
        <source>Update “%1”</source>
        <translation>更新“%1”</translation>
    </message>
    <message>
        <source>Import again here</source>
        <translation>仍导入到所选活动</translation>
    </message>
    <message>
        <source>This file adds %1 products that are not in the catalog yet:
%2

Create them and import?</source>
        <translation>这个文件会新增 %1 个商品库里还没有的商品：
%2

新建这些商品并导入吗？</translation>
    </message>
    <message>
        <source>New products</source>
        <translation>新商品</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was changed.</source>
        <translation>导入已取消，数据未做任何改动。</translation>
    </message>
    <message>
        <source>%1 rows read · %2 orders imported (%3 lines) · %4 already imported · %5 members created · %6 products created</source>
        <translation>读取 %1 行 · 导入 %2 笔订单（%3 行明细）· %4 笔已导入过 · 新建会员 %5 位 · 新建商品 %6 个</translation>
    </message>
    <message>
        <source>%1 rows read · %2 members created · %3 already known</source>
        <translation>读取 %1 行 · 新建会员 %2 位 · %3 位已存在</translation>
    </message>
    <message>
        <source>%1 rows read · %2 products created · %3 already in the catalog (prices brought up to date) · %4 added to the campaign</source>
        <translation>读取 %1 行 · 新建商品 %2 个 · %3 个已在商品库（价格已更新） · %4 个加入活动</translation>
    </message>
    <message>
        <source> · %1 orders (%2 lines) not imported: see the problems below</source>
        <translation> · %1 单（%2 行商品）未导入：见下方问题</translation>
    </message>
    <message>
        <source>Check only, nothing saved: %1</source>
        <translation>仅检查，未保存：%1</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Take back the whole import? Everything it added or changed goes: %1</source>
        <translation>要撤销整次导入吗？这次导入新增或修改的内容都会撤回：%1</translation>
    </message>
    <message>
        <source>The import was undone.</source>
        <translation>本次导入已撤销。</translation>
    </message>
    <message>
        <source>Pickup date</source>
        <translation>提货日期</translation>
    </message>
    <message>
        <source>The first %1 rows are shown; this large file is counted as it imports. Read as %2. Check the column mapping, then Import.</source>
        <translation>预览前 %1 行；文件较大，导入时再逐行计数。识别为%2。请核对列对应关系，然后点导入。</translation>
    </message>
    <message>
        <source>%1 rows, the first %3 shown; read as %2. Check the column mapping, then Import.</source>
        <translation>共 %1 行，预览前 %3 行；识别为%2。请核对列对应关系，然后点导入。</translation>
    </message>
    <message>
        <source>Layout: %1, sheet %2.</source>
        <translation>版式：%1，工作表 %2。</translation>
    </message>
    <message>
        <source>Already imported</source>
        <translation>已导入过</translation>
    </message>
    <message>
        <source> · %1 orders brought in line (%2 cancelled, %3 refunded) · %4 picked-up orders flagged</source>
        <translation> · 按平台更新 %1 笔订单（取消 %2 笔，退款 %3 笔）· 已提货订单标记 %4 笔</translation>
    </message>
</context>
<context>
    <name>InsightsPage</name>
    <message>
        <source>Member insights</source>
        <translation>会员洞察</translation>
    </message>
    <message>
        <source>Thresholds…</source>
        <translation>分群标准…</translation>
    </message>
    <message>
        <source>Segment members</source>
        <translation>分群名单</translation>
    </message>
    <message>
        <source>Weekly sales and orders</source>
        <translation>每周销售额与订单数</translation>
    </message>
    <message>
        <source>Active members per week</source>
        <translation>每周下单会员数</translation>
    </message>
    <message>
        <source>Segment sizes</source>
        <translation>各分群人数</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员数</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Sales, 30 days</source>
        <translation>近30天销售额</translation>
    </message>
    <message>
        <source>30 days before</source>
        <translation>前30天销售额</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>社群</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Referrer</source>
        <translation>推荐人</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>推荐人数</translation>
    </message>
    <message>
        <source>Still active</source>
        <translation>仍活跃</translation>
    </message>
    <message>
        <source>Their orders</source>
        <translation>带来订单</translation>
    </message>
    <message>
        <source>Their sales</source>
        <translation>带来销售额</translation>
    </message>
    <message>
        <source>Referral tree</source>
        <translation>推荐关系</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>推荐排行</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Fee due</source>
        <translation>应收会费</translation>
    </message>
    <message>
        <source>Tier care</source>
        <translation>会员卡到期</translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <source>%1 of members</source>
        <translation>占会员 %1</translation>
    </message>
    <message>
        <source>%1 of sales</source>
        <translation>占销售额 %1</translation>
    </message>
    <message>
        <source>%1 members in all; %2 of them are in more than one segment (a new member is active too). Click a card for its members.</source>
        <translation>共 %1 位会员，其中 %2 位同时属于多个分群（如新会员也是活跃会员）。点击卡片查看名单。</translation>
    </message>
    <message>
        <source>Sales (¥)</source>
        <translation>销售额（元）</translation>
    </message>
    <message>
        <source>Active members</source>
        <translation>下单会员</translation>
    </message>
    <message numerus="yes">
        <source>%Ln tier(s) expire in the next 30 days; fees due %1</source>
        <translation>
            <numerusform>未来30天有 %Ln 张会员卡到期，应收会费 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Repeat rate %1</source>
        <translation>复购率 %1</translation>
    </message>
    <message>
        <source>Average order %1</source>
        <translation>客单价 %1</translation>
    </message>
    <message>
        <source>%1 orders per active member a month</source>
        <translation>活跃会员月均 %1 单</translation>
    </message>
    <message>
        <source>%1 new members a month</source>
        <translation>每月新增下单会员 %1 位</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>(continued %1/%2)</source>
        <translation>（续 %1/%2）</translation>
    </message>
    <message>
        <source>pickup %1</source>
        <translation>%1 提货</translation>
    </message>
    <message>
        <source>total %1/%2 · building %3/%4</source>
        <translation>总 %1/%2 · 本楼 %3/%4</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Leader Desk 团长工作台</source>
        <translation>团长工作台 Leader Desk</translation>
    </message>
    <message>
        <source>Leader Desk</source>
        <translation>团长工作台</translation>
    </message>
    <message>
        <source>Pickup</source>
        <translation>提货核销</translation>
    </message>
    <message>
        <source>Import / Export</source>
        <translation>导入 / 导出</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>商品库</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>团购活动</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新建订单</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Backup folder…</source>
        <translation>备份文件夹…</translation>
    </message>
    <message>
        <source>Export everything…</source>
        <translation>导出全部数据…</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Change history…</source>
        <translation>改动记录…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About Leader Desk</source>
        <translation>关于团长工作台</translation>
    </message>
    <message>
        <source>Offline mode · sync not set up</source>
        <translation>离线模式 · 未设置同步</translation>
    </message>
    <message>
        <source>%1 changes waiting</source>
        <translation>%1 条改动待同步</translation>
    </message>
    <message>
        <source>Offline · %1 · last sync %2</source>
        <translation>离线 · %1 · 上次同步 %2</translation>
    </message>
    <message>
        <source>Online · %1 · last sync %2</source>
        <translation>在线 · %1 · 上次同步 %2</translation>
    </message>
    <message>
        <source>%1 members · %2 orders</source>
        <translation>%1 位会员 · %2 笔订单</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>撤销“%1”</translation>
    </message>
    <message>
        <source>Undo this import</source>
        <translation>撤销本次导入</translation>
    </message>
    <message>
        <source>Take back the whole import? Everything it added or changed goes.</source>
        <translation>要撤销整次导入吗？这次导入新增或修改的内容都会撤回。</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>Back up the data file</source>
        <translation>备份数据文件</translation>
    </message>
    <message>
        <source>Leader Desk backup (*.db)</source>
        <translation>团长工作台备份 (*.db)</translation>
    </message>
    <message>
        <source>Backup written to %1</source>
        <translation>备份已保存到 %1</translation>
    </message>
    <message>
        <source>Restored. The data before the restore was backed up first.</source>
        <translation>已恢复。恢复前的数据已先行备份。</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Backups now go to %1</source>
        <translation>备份将保存到 %1</translation>
    </message>
    <message>
        <source>Export everything</source>
        <translation>导出全部数据</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Leader Desk %1&lt;/h3&gt;&lt;p&gt;The desk app for community group-buying leaders. Works offline; your data stays on this computer.&lt;/p&gt;&lt;p&gt;Data schema: version %2&lt;br&gt;Data folder: %3&lt;br&gt;Data file: %4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;团长工作台 %1&lt;/h3&gt;&lt;p&gt;社区团购团长的工作台。断网也能用，数据只保存在这台电脑上。&lt;/p&gt;&lt;p&gt;数据结构：第 %2 版&lt;br&gt;数据文件夹：%3&lt;br&gt;数据文件：%4&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Done: %1. Ctrl+Z takes it back.</source>
        <translation>已完成“%1”，按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <source>No file manager could be started. The logs are in:
%1</source>
        <translation>无法打开文件管理器。日志位于：
%1</translation>
    </message>
    <message>
        <source>&lt;p&gt;Shop: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;店铺：%1&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <source>Edit member</source>
        <translation>编辑会员</translation>
    </message>
    <message>
        <source>New member</source>
        <translation>新建会员</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <source>Mobile *</source>
        <translation>手机号 *</translation>
    </message>
    <message>
        <source>e.g. 138 0013 8000 or +86…</source>
        <translation>例如 138 0013 8000 或 +86…</translation>
    </message>
    <message>
        <source>WeChat nickname</source>
        <translation>微信昵称</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Building / unit / room</source>
        <translation>楼栋 / 单元 / 房号</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Separate with commas, e.g. 宝妈, VIP</source>
        <translation>用逗号分隔，例如 宝妈, VIP</translation>
    </message>
    <message>
        <source>Membership tier</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>Tier fee (¥)</source>
        <translation>会费（元）</translation>
    </message>
    <message>
        <source>Tier expires</source>
        <translation>会员到期</translation>
    </message>
    <message>
        <source>Referred by (mobile)</source>
        <translation>推荐人（手机号）</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>MemberHistory</name>
    <message>
        <source>History</source>
        <translation>消费记录</translation>
    </message>
    <message numerus="yes">
        <source>%Ln campaign(s) · %1 orders · sales %2 · last pickup %3</source>
        <translation>
            <numerusform>参与 %Ln 个团 · %1 笔订单 · 消费 %2 · 最近提货 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>团购活动</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>消费金额</translation>
    </message>
    <message>
        <source>Picked up</source>
        <translation>提货时间</translation>
    </message>
    <message numerus="yes">
        <source>Referred %Ln member(s)</source>
        <translation>
            <numerusform>推荐了 %Ln 位会员</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation>推荐人</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>推荐数</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>加入日期</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>New member</source>
        <translation>新建会员</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Merge two</source>
        <translation>合并两条</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message numerus="yes">
        <source>%Ln member(s)</source>
        <translation>
            <numerusform>%Ln 位会员</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete members</source>
        <translation>删除会员</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n member(s): %1?</source>
        <translation>
            <numerusform>删除 %n 位会员：%1？</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge members</source>
        <translation>合并会员</translation>
    </message>
    <message>
        <source>Select the two records of the same person (Ctrl+click), then Merge.</source>
        <translation>请选中同一个人的两条记录（按住 Ctrl 点击），再点合并。</translation>
    </message>
    <message>
        <source>Keep %1 (%2) and merge %3 (%4) into it? Orders, referrals and tags move to the kept record.</source>
        <translation>保留 %1（%2），并把 %3（%4）合并进来？订单、推荐关系和标签都会转到保留的记录。</translation>
    </message>
    <message>
        <source>Name, nickname, initials (zs), mobile or 3-2-501</source>
        <translation>姓名、昵称、拼音首字母(zs)、手机号或 3-2-501</translation>
    </message>
</context>
<context>
    <name>MembersTabs</name>
    <message>
        <source>Member list</source>
        <translation>会员列表</translation>
    </message>
    <message>
        <source>Member insights</source>
        <translation>会员洞察</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <source>Notices for the WeChat group</source>
        <translation>微信群通知</translation>
    </message>
    <message>
        <source>Goods arrived</source>
        <translation>到货通知</translation>
    </message>
    <message>
        <source>Reminder to collect</source>
        <translation>催取提醒</translation>
    </message>
    <message>
        <source>Leftovers</source>
        <translation>未取剩余</translation>
    </message>
    <message>
        <source>One text per member</source>
        <translation>每位会员一条</translation>
    </message>
    <message>
        <source>Copy the selected message</source>
        <translation>复制选中的消息</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Pickup time, e.g. 15:00-20:00</source>
        <translation>取货时间，如 15:00-20:00</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Remind only N hours after the goods arrived</source>
        <translation>到货满 N 小时后才提醒</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Leftovers: unclaimed N days after the goods arrived</source>
        <translation>未取剩余：到货满 N 天仍未取</translation>
    </message>
</context>
<context>
    <name>OrderEntryDialog</name>
    <message>
        <source>Edit order</source>
        <translation>编辑订单</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新建订单</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>团购活动</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Name, nickname, pinyin initials or last 4 digits of mobile, then Enter</source>
        <translation>输入姓名、昵称、拼音首字母或手机尾号4位，按回车</translation>
    </message>
    <message>
        <source>Add product</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>e.g. 草莓2 or cm 2, then Enter; Enter on an empty field saves</source>
        <translation>例如 草莓2 或 cm 2，按回车；空白时按回车保存</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <source>Member&apos;s note</source>
        <translation>团员备注</translation>
    </message>
    <message>
        <source>Leader&apos;s note</source>
        <translation>团长备注</translation>
    </message>
    <message>
        <source>Member: %1  %2  %3</source>
        <translation>会员：%1  %2  %3</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>团购活动</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已付</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Ordered at</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Search member, pinyin, mobile or order no.…</source>
        <translation>搜索会员、拼音、手机号或订单号…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新建订单</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Mark paid</source>
        <translation>标记已付款</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>全部活动</translation>
    </message>
    <message numerus="yes">
        <source>%Ln order(s)</source>
        <translation>
            <numerusform>%Ln 笔订单</numerusform>
        </translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Order %1 is %2 and can no longer be edited.</source>
        <translation>订单 %1 状态为“%2”，不能再编辑。</translation>
    </message>
    <message>
        <source>Cancel order %1 of %2? Its stock goes back to the campaign.</source>
        <translation>取消 %2 的订单 %1？库存会退回活动。</translation>
    </message>
</context>
<context>
    <name>PickupPage</name>
    <message>
        <source>Pickup desk</source>
        <translation>提货核销台</translation>
    </message>
    <message>
        <source>Scan the QR code, or type the pickup code, last 4 digits of the mobile or a name</source>
        <translation>扫描二维码，或输入提货码、手机尾号4位、姓名</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>订购数</translation>
    </message>
    <message>
        <source>Already picked up</source>
        <translation>已提数</translation>
    </message>
    <message>
        <source>Hand over now</source>
        <translation>本次交付</translation>
    </message>
    <message>
        <source>Confirm pickup (Enter / F2)</source>
        <translation>确认提货（回车 / F2）</translation>
    </message>
    <message>
        <source>Undo last pickup (Ctrl+Z)</source>
        <translation>撤销上一笔提货（Ctrl+Z）</translation>
    </message>
    <message>
        <source>No campaign has arrived yet</source>
        <translation>还没有已到货的活动</translation>
    </message>
    <message>
        <source>Still to come: %1</source>
        <translation>还没来取：%1 人</translation>
    </message>
    <message>
        <source>No order waiting for “%1”.</source>
        <translation>没有找到“%1”待提的订单。</translation>
    </message>
    <message>
        <source>Ready: scan a pickup code.</source>
        <translation>就绪：请扫描提货码。</translation>
    </message>
    <message>
        <source>OK: hand these over, then press Enter.</source>
        <translation>可以提货：交付以下商品后按回车确认。</translation>
    </message>
    <message>
        <source>picked up</source>
        <translation>已提货</translation>
    </message>
    <message>
        <source>partly picked up</source>
        <translation>部分提货</translation>
    </message>
    <message>
        <source>✔ %1 · %2 %3</source>
        <translation>✔ %1 · %2 %3</translation>
    </message>
    <message>
        <source>Pickup undone.</source>
        <translation>已撤销提货。</translation>
    </message>
    <message>
        <source>Scan, or type a code, last 4 digits or name</source>
        <translation>扫码，或输入提货码、手机尾号4位、姓名</translation>
    </message>
    <message>
        <source>Arrival check…</source>
        <translation>到货核对…</translation>
    </message>
    <message>
        <source>Refunds…</source>
        <translation>退款清单…</translation>
    </message>
    <message>
        <source>WeChat notices…</source>
        <translation>微信群通知…</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>%1 orders</source>
        <translation>%1 个订单</translation>
    </message>
    <message>
        <source>%1 members match: choose one and press Enter.</source>
        <translation>找到 %1 位会员：请选择一位后按回车。</translation>
    </message>
    <message>
        <source>%1 (ordered %2)</source>
        <translation>%1（原订 %2）</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>Print: %1</source>
        <translation>打印：%1</translation>
    </message>
    <message>
        <source>Pickup list by member (A4)</source>
        <translation>提货清单（按会员，A4）</translation>
    </message>
    <message>
        <source>Labels / slips</source>
        <translation>标签 / 小票</translation>
    </message>
    <message>
        <source>Picking list by product (A4)</source>
        <translation>分拣清单（按商品，A4）</translation>
    </message>
    <message>
        <source>A4 label sheet 3 × 8</source>
        <translation>A4 标签纸 3 × 8</translation>
    </message>
    <message>
        <source>A4 label sheet 2 × 5</source>
        <translation>A4 标签纸 2 × 5</translation>
    </message>
    <message>
        <source>Thermal roll 58 mm</source>
        <translation>热敏纸 58 mm</translation>
    </message>
    <message>
        <source>Thermal roll 80 mm</source>
        <translation>热敏纸 80 mm</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Label layout</source>
        <translation>标签版式</translation>
    </message>
    <message>
        <source>Top margin</source>
        <translation>上边距</translation>
    </message>
    <message>
        <source>Left margin</source>
        <translation>左边距</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Item labels, one per unit (件标签)</source>
        <translation>件标签（每件一张）</translation>
    </message>
    <message>
        <source>Dense: one row per member</source>
        <translation>紧凑：每位会员一行</translation>
    </message>
    <message>
        <source>Cards: one block per order, with QR codes</source>
        <translation>卡片：每单一块，带二维码</translation>
    </message>
    <message>
        <source>Building → room → product</source>
        <translation>楼栋 → 房号 → 商品</translation>
    </message>
    <message>
        <source>Building → product → room</source>
        <translation>楼栋 → 商品 → 房号</translation>
    </message>
    <message>
        <source>Product → building → room</source>
        <translation>商品 → 楼栋 → 房号</translation>
    </message>
    <message>
        <source>One label per order</source>
        <translation>每单一张</translation>
    </message>
    <message>
        <source>One label per member</source>
        <translation>每位会员一张</translation>
    </message>
    <message>
        <source>Pickup list layout</source>
        <translation>提货清单版式</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>PrintedLists</name>
    <message>
        <source>Pickup %1</source>
        <translation>提货日 %1</translation>
    </message>
    <message>
        <source>Page %1 / %2</source>
        <translation>第 %1 / %2 页</translation>
    </message>
    <message>
        <source>Pickup list</source>
        <translation>提货清单</translation>
    </message>
    <message>
        <source>This page: %1 orders, %2</source>
        <translation>本页：%1 单，%2</translation>
    </message>
    <message>
        <source>Campaign: %1 orders, %2 items, %3</source>
        <translation>全部：%1 单，%2 件，%3</translation>
    </message>
    <message>
        <source>unpaid</source>
        <translation>未付款</translation>
    </message>
    <message>
        <source>total %1 %2</source>
        <translation>共 %1 %2</translation>
    </message>
    <message>
        <source>Picking list</source>
        <translation>分拣清单</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Item labels</source>
        <translation>件标签</translation>
    </message>
    <message>
        <source>This page: %1 members, %2</source>
        <translation>本页：%1 位会员，%2</translation>
    </message>
    <message>
        <source>Campaign: %1 members, %2 items, %3</source>
        <translation>全团：%1 位会员，%2 件，%3</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Member code</source>
        <translation>会员提货码</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>%1 orders</source>
        <translation>%1 个订单</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <source>Edit product</source>
        <translation>编辑商品</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>新建商品</translation>
    </message>
    <message>
        <source>Product name *</source>
        <translation>商品名称 *</translation>
    </message>
    <message>
        <source>Spec (规格)</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Group price (¥) *</source>
        <translation>团购价（元）*</translation>
    </message>
    <message>
        <source>List price (¥)</source>
        <translation>划线价（元）</translation>
    </message>
    <message>
        <source>SKU code</source>
        <translation>商品编码</translation>
    </message>
    <message>
        <source>Commission rate</source>
        <translation>佣金比例</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>Picked up %1 / %2</source>
        <translation>已提货 %1 / %2</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation>%1 文件</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RefundsDialog</name>
    <message>
        <source>Refunds owed</source>
        <translation>退款清单</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已退</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Platform no.</source>
        <translation>跟团号</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Owed %1 · refunded %2 · %3 of %4 done</source>
        <translation>应退 %1 · 已退 %2 · 已完成 %3/%4</translation>
    </message>
    <message>
        <source>Short delivery</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Export refunds</source>
        <translation>导出退款清单</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Choose a backup. The current data is backed up first, so a restore can itself be undone by restoring that copy.</source>
        <translation>请选择一个备份。当前数据会先备份，所以恢复本身也可以通过恢复那份备份来撤销。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>每周</translation>
    </message>
    <message>
        <source>Before an import</source>
        <translation>导入前</translation>
    </message>
    <message>
        <source>Before a merge</source>
        <translation>合并前</translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <source>Before an upgrade</source>
        <translation>升级前</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Replace the current data with the backup of %1?</source>
        <translation>用 %1 的备份替换当前数据？</translation>
    </message>
</context>
<context>
    <name>SegmentList</name>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Copy mobiles</source>
        <translation>复制手机号</translation>
    </message>
    <message>
        <source>Copy names</source>
        <translation>复制昵称（@）</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最近下单</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>消费金额</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %Ln member(s)</source>
        <translation>
            <numerusform>%1 · %Ln 位会员</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln mobile(s)</source>
        <translation>
            <numerusform>已复制 %Ln 个手机号</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln name(s)</source>
        <translation>
            <numerusform>已复制 %Ln 个昵称</numerusform>
        </translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
</context>
<context>
    <name>SuggestionsDialog</name>
    <message>
        <source>Campaigns suggested by HQ</source>
        <translation>总部推荐的团购活动</translation>
    </message>
    <message>
        <source>HQ suggests these campaigns with their products and prices. Open one as a draft, check it, then open it for orders.</source>
        <translation>总部推荐了以下活动，含商品和建议团购价。先建成草稿活动，核对后再开团。</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>团购活动</translation>
    </message>
    <message>
        <source>Products and suggested prices</source>
        <translation>商品及建议团购价</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截单时间</translation>
    </message>
    <message>
        <source>Pickup</source>
        <translation>提货</translation>
    </message>
    <message>
        <source>On this desk</source>
        <translation>本店状态</translation>
    </message>
    <message>
        <source>Open as a draft campaign</source>
        <translation>建成草稿活动</translation>
    </message>
    <message>
        <source>(%1 not in your catalog yet)</source>
        <translation>（另有 %1 个商品尚未同步到商品库）</translation>
    </message>
    <message>
        <source>Opened: %1</source>
        <translation>已建活动：%1</translation>
    </message>
    <message>
        <source>Not opened yet</source>
        <translation>尚未开团</translation>
    </message>
    <message>
        <source>Waiting for its products</source>
        <translation>等待商品同步</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <source>Campaign summary</source>
        <translation>活动汇总</translation>
    </message>
    <message>
        <source>Orders: %1 active of %2 (%3 cancelled or refunded) · Members: %4 · Picked up: %5</source>
        <translation>订单：有效 %1 / 共 %2（取消或退款 %3）· 会员：%4 · 已提货：%5</translation>
    </message>
    <message>
        <source>Sales %1 · Paid %2 · Commission %3</source>
        <translation>销售额 %1 · 已收款 %2 · 佣金 %3</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <source>Refunds owed %1 · done %2 · still to refund %3</source>
        <translation>应退款 %1 · 已退 %2 · 待退 %3</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Sync with HQ</source>
        <translation>与总部同步</translation>
    </message>
    <message>
        <source>Enrol this desk</source>
        <translation>登记本机</translation>
    </message>
    <message>
        <source>The enrollment code from HQ</source>
        <translation>总部提供的登记码</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>HQ address</source>
        <translation>总部地址</translation>
    </message>
    <message>
        <source>Enrollment code</source>
        <translation>登记码</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Records HQ refused (parked; they never block the rest)</source>
        <translation>总部拒收的记录（已搁置，不影响其他记录同步）</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Recent batches</source>
        <translation>最近的批次</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>改动数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>确认时间</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>正在登记…</translation>
    </message>
    <message>
        <source>Enrolment failed: %1</source>
        <translation>登记失败：%1</translation>
    </message>
    <message>
        <source>in the system keyring</source>
        <translation>在系统密钥环中</translation>
    </message>
    <message>
        <source>in a file only you can read (no system keyring here): %1</source>
        <translation>在只有您能读取的文件中（本机没有系统密钥环）：%1</translation>
    </message>
    <message>
        <source>Enrolled. The device token is kept %1.</source>
        <translation>登记成功。设备令牌保存%1。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Sent %1 changes, %2 parked, %3 catalog updates; %4 waiting.</source>
        <translation>已发送 %1 条改动，搁置 %2 条，商品库更新 %3 条；还有 %4 条待同步。</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>%1 catalog items from HQ were malformed and set aside.</source>
        <translation>总部发来的 %1 个商品目录条目格式有误，已搁置。</translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>共 %Ln 行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ThresholdsDialog</name>
    <message>
        <source>Segment thresholds</source>
        <translation>分群标准</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message numerus="yes">
        <source>%Ln member(s)</source>
        <translation>
            <numerusform>%Ln 位会员</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln campaign(s) taking orders</source>
        <translation>
            <numerusform>%Ln 个活动接单中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln order(s) waiting for pickup</source>
        <translation>
            <numerusform>%Ln 笔订单待提货</numerusform>
        </translation>
    </message>
    <message>
        <source>No campaign is open. Create one on the Campaigns page (Ctrl+4), or copy last week&apos;s.</source>
        <translation>当前没有进行中的活动。请在“团购活动”页（Ctrl+4）新建，或复制上周的活动。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln order(s)</source>
        <translation>
            <numerusform>%Ln 笔订单</numerusform>
        </translation>
    </message>
    <message>
        <source>Sales %1</source>
        <translation>销售额 %1</translation>
    </message>
    <message>
        <source>No deadline set</source>
        <translation>未设截单时间</translation>
    </message>
    <message>
        <source>Deadline passed %1 · pickup %2</source>
        <translation>已过截单 %1 · %2 提货</translation>
    </message>
    <message>
        <source>Orders closed %1 · pickup %2</source>
        <translation>已于 %1 截单 · %2 提货</translation>
    </message>
    <message>
        <source>%1 d %2 h left</source>
        <translation>还剩 %1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation>还剩 %1 小时 %2 分</translation>
    </message>
    <message>
        <source>Deadline %1 · %2</source>
        <translation>截单 %1 · %2</translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <source>New member</source>
        <translation>新建会员</translation>
    </message>
    <message>
        <source>Edit member</source>
        <translation>编辑会员</translation>
    </message>
    <message>
        <source>Delete member</source>
        <translation>删除会员</translation>
    </message>
    <message>
        <source>Merge members</source>
        <translation>合并会员</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>新建商品</translation>
    </message>
    <message>
        <source>Edit product</source>
        <translation>编辑商品</translation>
    </message>
    <message>
        <source>Delete product</source>
        <translation>删除商品</translation>
    </message>
    <message>
        <source>Save campaign</source>
        <translation>保存活动</translation>
    </message>
    <message>
        <source>Copy campaign</source>
        <translation>复制活动</translation>
    </message>
    <message>
        <source>Campaign from HQ&apos;s suggestion</source>
        <translation>按总部推荐建活动</translation>
    </message>
    <message>
        <source>Change campaign status</source>
        <translation>更改活动状态</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新建订单</translation>
    </message>
    <message>
        <source>Edit order</source>
        <translation>编辑订单</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <source>Mark paid</source>
        <translation>标记已付款</translation>
    </message>
    <message>
        <source>Pickup</source>
        <translation>提货核销</translation>
    </message>
    <message>
        <source>Arrival check</source>
        <translation>到货核对</translation>
    </message>
    <message>
        <source>Refund ticked off</source>
        <translation>标记已退款</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Edit campaign</source>
        <translation>编辑活动</translation>
    </message>
    <message>
        <source>Import orders</source>
        <translation>导入订单</translation>
    </message>
    <message>
        <source>Import members</source>
        <translation>导入会员</translation>
    </message>
    <message>
        <source>Import products</source>
        <translation>导入商品</translation>
    </message>
    <message>
        <source>Import 接龙</source>
        <translation>导入接龙</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>Shop set-up</source>
        <translation>店铺设置</translation>
    </message>
    <message>
        <source>Catalog from HQ</source>
        <translation>总部商品库</translation>
    </message>
    <message>
        <source>Segment thresholds</source>
        <translation>修改分群标准</translation>
    </message>
</context>
<context>
    <name>arrival</name>
    <message>
        <source>Latest orders first</source>
        <translation>后下单的先减</translation>
    </message>
    <message>
        <source>Proportional</source>
        <translation>按比例分摊</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>手动分配</translation>
    </message>
</context>
<context>
    <name>entities</name>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>团购活动</translation>
    </message>
    <message>
        <source>Campaign product</source>
        <translation>活动商品</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Order line</source>
        <translation>订单明细</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>改动</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Leader Desk</source>
        <translation>团长工作台</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>A mobile number is required.</source>
        <translation>请填写手机号。</translation>
    </message>
    <message>
        <source>“{value}” is not a mainland mobile number (11 digits starting 13–19).</source>
        <translation>“{value}”不是有效的大陆手机号（以13–19开头的11位数字）。</translation>
    </message>
    <message>
        <source>Mobile {mobile} already belongs to member {name}.</source>
        <translation>手机号 {mobile} 已属于会员 {name}。</translation>
    </message>
    <message>
        <source>A name is required.</source>
        <translation>请填写姓名。</translation>
    </message>
    <message>
        <source>{field} is empty.</source>
        <translation>{field}为空。</translation>
    </message>
    <message>
        <source>{field} is too long (at most {max} characters).</source>
        <translation>{field}太长（最多 {max} 个字）。</translation>
    </message>
    <message>
        <source>“{value}” is not an amount of money.</source>
        <translation>“{value}”不是有效的金额。</translation>
    </message>
    <message>
        <source>An amount cannot be negative: “{value}”.</source>
        <translation>金额不能为负数：“{value}”。</translation>
    </message>
    <message>
        <source>“{value}” is not a quantity.</source>
        <translation>“{value}”不是有效的数量。</translation>
    </message>
    <message>
        <source>A quantity must be at least 1, not {value}.</source>
        <translation>数量至少为 1，不能是 {value}。</translation>
    </message>
    <message>
        <source>“{value}” is not a commission rate between 0 and 100%.</source>
        <translation>“{value}”不是 0 到 100% 之间的佣金比例。</translation>
    </message>
    <message>
        <source>“{value}” is not a date or time.</source>
        <translation>“{value}”不是有效的日期或时间。</translation>
    </message>
    <message>
        <source>{entity} {id} was not found.</source>
        <translation>找不到{entity} {id}。</translation>
    </message>
    <message>
        <source>Member {name} has been deleted.</source>
        <translation>会员 {name} 已被删除。</translation>
    </message>
    <message>
        <source>A member cannot be merged into itself.</source>
        <translation>不能把会员合并到自己。</translation>
    </message>
    <message>
        <source>A member cannot refer themselves.</source>
        <translation>会员不能推荐自己。</translation>
    </message>
    <message>
        <source>{name} was already invited by this member; that would be a loop.</source>
        <translation>{name} 是该会员推荐的，不能形成循环推荐。</translation>
    </message>
    <message>
        <source>Product {name} {spec} is already in the catalog.</source>
        <translation>商品 {name} {spec} 已在商品库中。</translation>
    </message>
    <message>
        <source>Product {name} is used by orders and cannot be deleted.</source>
        <translation>商品 {name} 已有订单，不能删除。</translation>
    </message>
    <message>
        <source>A campaign needs a title.</source>
        <translation>活动需要标题。</translation>
    </message>
    <message>
        <source>None of the products HQ suggests for {title} is in your catalog yet. Sync, then try again.</source>
        <translation>总部为“{title}”推荐的商品都还不在本店商品库里。请先同步，再试一次。</translation>
    </message>
    <message>
        <source>A campaign cannot go from {from_status} to {to_status}.</source>
        <translation>活动不能从“{from_status}”变为“{to_status}”。</translation>
    </message>
    <message>
        <source>Campaign “{title}” is {status}; orders can only be taken while it is open.</source>
        <translation>活动“{title}”当前为“{status}”，只有开团中才能接单。</translation>
    </message>
    <message>
        <source>{name} is already in this campaign.</source>
        <translation>{name} 已在本活动中。</translation>
    </message>
    <message>
        <source>{name} has orders in this campaign and cannot be removed.</source>
        <translation>{name} 在本活动中已有订单，不能移除。</translation>
    </message>
    <message>
        <source>{name} is not on this campaign&apos;s product list.</source>
        <translation>{name} 不在本活动的商品列表中。</translation>
    </message>
    <message>
        <source>An order needs at least one product.</source>
        <translation>订单至少需要一个商品。</translation>
    </message>
    <message>
        <source>Choose the member who is ordering first.</source>
        <translation>请先选择下单的会员。</translation>
    </message>
    <message>
        <source>There is no open campaign to take orders for.</source>
        <translation>当前没有开团中的活动可以接单。</translation>
    </message>
    <message>
        <source>Only {left} of {name} are left (cap {cap}); {wanted} were asked for.</source>
        <translation>{name} 只剩 {left} 份（限购总量 {cap}），本次要 {wanted} 份。</translation>
    </message>
    <message>
        <source>{member} may order at most {limit} of {name}; this would make {total}.</source>
        <translation>{member} 最多可订 {limit} 份{name}，本次会达到 {total} 份。</translation>
    </message>
    <message>
        <source>Order {order_no} is {from_status} and cannot become {to_status}.</source>
        <translation>订单 {order_no} 当前为“{from_status}”，不能变为“{to_status}”。</translation>
    </message>
    <message>
        <source>Order {order_no} is {status} and can no longer be changed.</source>
        <translation>订单 {order_no} 当前为“{status}”，不能再修改。</translation>
    </message>
    <message>
        <source>There is nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <source>This change was already undone.</source>
        <translation>这项更改已经撤销过了。</translation>
    </message>
    <message>
        <source>An undo cannot be undone. Make the change again instead.</source>
        <translation>撤销操作本身不能再撤销，请重新做一次该修改。</translation>
    </message>
    <message>
        <source>This change is too old to undo: HQ has it and only its summary is kept. Change the records by hand instead.</source>
        <translation>这次修改时间太久，已无法撤销：总部已收到，本机只保留了摘要。请手动修改相关记录。</translation>
    </message>
    <message>
        <source>Choose at least one item to hand over.</source>
        <translation>请至少选择一件要交付的商品。</translation>
    </message>
    <message>
        <source>This change cannot be undone: {entity} was changed again since.</source>
        <translation>无法撤销：{entity}之后又被修改过。</translation>
    </message>
    <message>
        <source>The data file {path} is in use by another Leader Desk window.</source>
        <translation>数据文件 {path} 正被另一个团长工作台窗口使用。</translation>
    </message>
    <message>
        <source>The status “{value}” is not one this desk knows: the order was imported as placed and unpaid. Check it on the platform.</source>
        <translation>订单状态“{value}”无法识别：这一单按“已下单、未付款”导入。请到平台上核对。</translation>
    </message>
    <message>
        <source>The data file {path} cannot be opened: {reason}</source>
        <translation>无法打开数据文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>The data file was made by a newer Leader Desk (schema {found}, this one knows {known}).</source>
        <translation>该数据文件来自更新版本的团长工作台（结构版本 {found}，当前版本支持 {known}）。</translation>
    </message>
    <message>
        <source>The data file {path} is damaged ({detail}). It was not opened, so nothing more can go wrong; restore the newest good backup.</source>
        <translation>数据文件 {path} 已损坏（{detail}）。为避免进一步损失，未打开该文件；请恢复最新的正常备份。</translation>
    </message>
    <message>
        <source>The disk is full, so this was not saved and nothing was changed. Free some space and try again.</source>
        <translation>磁盘已满，本次未保存，数据没有任何改动。请清理空间后重试。</translation>
    </message>
    <message>
        <source>The data folder is read-only, so this was not saved and nothing was changed.</source>
        <translation>数据文件夹是只读的，本次未保存，数据没有任何改动。</translation>
    </message>
    <message>
        <source>Saving failed and nothing was changed: {reason}</source>
        <translation>保存失败，数据未做任何改动：{reason}</translation>
    </message>
    <message>
        <source>{path} is not a valid Leader Desk backup: {reason}</source>
        <translation>{path} 不是有效的团长工作台备份：{reason}</translation>
    </message>
    <message>
        <source>The file {path} does not exist.</source>
        <translation>文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} cannot be imported: {reason}.</source>
        <translation>无法导入 {path}：{reason}。</translation>
    </message>
    <message>
        <source>{path}: no header row was recognised (looked for columns such as 商品, 数量, 手机号, 收货人).</source>
        <translation>{path}：找不到表头行（需要 商品、数量、手机号、收货人 等列）。</translation>
    </message>
    <message>
        <source>{path}: export to .xlsx or .csv.</source>
        <translation>{path}：只能导出为 .xlsx 或 .csv。</translation>
    </message>
    <message>
        <source>{path} cannot be written ({reason}). If it is open in Excel or WPS, close it and export again.</source>
        <translation>无法写入 {path}（{reason}）。如果它正在 Excel 或 WPS 中打开，请先关闭再导出。</translation>
    </message>
    <message>
        <source>No price for {name} in the file or the catalog; it was added at ¥0.00.</source>
        <translation>文件和商品库中都没有 {name} 的价格，已按 ¥0.00 添加。</translation>
    </message>
    <message>
        <source>Entry {number}: {problem}.</source>
        <translation>第 {number} 条：{problem}。</translation>
    </message>
    <message>
        <source>{path}: no row could be imported.</source>
        <translation>{path}：没有可以导入的行。</translation>
    </message>
    <message>
        <source>{path}: cannot tell whether this is an order, member or product list.</source>
        <translation>{path}：无法判断这是订单、会员还是商品名单。</translation>
    </message>
    <message>
        <source>Choose the campaign to import into, or name a new one.</source>
        <translation>请选择要导入的活动，或填写新活动的标题。</translation>
    </message>
    <message>
        <source>接龙 entries name products by short names, so they go into a campaign that already has its products: import the campaign&apos;s product list first, then the 接龙 text into that campaign.</source>
        <translation>接龙里的商品是简称，需要导入到已有商品清单的活动里：请先导入该活动的商品清单，再把接龙文本导入这个活动。</translation>
    </message>
    <message>
        <source>“{item}” has no quantity (expected like 名称 规格+2 or 名称（规格）*2).</source>
        <translation>“{item}”没有数量（应写作 名称 规格+2 或 名称（规格）*2）。</translation>
    </message>
    <message>
        <source>{path}: its orders were already imported into campaign “{campaign}”. Import it there, or confirm to import it again.</source>
        <translation>{path}：其中的订单已导入到团购活动“{campaign}”。请导入到该活动，或确认后再次导入。</translation>
    </message>
    <message>
        <source>Order {order_no} was already picked up, but the platform now says {change}; it was not changed.</source>
        <translation>订单 {order_no} 已提货，但平台现显示为“{change}”；本单未改动。</translation>
    </message>
    <message>
        <source>Platform order {external_no} is order {order_no} of {member} in this campaign, not this member&apos;s; is the file another campaign&apos;s export?</source>
        <translation>平台单号 {external_no} 在本活动中是 {member} 的订单 {order_no}，不是此人的；这个文件是不是另一个团购活动的导出？</translation>
    </message>
    <message>
        <source>“{value}” is not a date and time: the order was imported with the import&apos;s time instead. Check it: a shortage is shared out latest orders first.</source>
        <translation>“{value}” 不是日期时间：这一单按导入时间记下。请核对：缺货时先从最晚的订单扣减。</translation>
    </message>
    <message>
        <source>“{value}” is later than now: the order was imported with the import&apos;s time instead. Check it: a shortage is shared out latest orders first.</source>
        <translation>“{value}” 晚于现在：这一单按导入时间记下。请核对：缺货时先从最晚的订单扣减。</translation>
    </message>
    <message>
        <source>The data file {path} is busy: another program (the desk, or a command-line import) is writing to it. Try again in a moment.</source>
        <translation>数据文件 {path} 正忙：另一个程序（工作台或命令行导入）正在写入。请稍后再试。</translation>
    </message>
    <message>
        <source>Another program (the desk, or a command-line import) is writing to the data file, so this was not saved and nothing was changed. Try again in a moment.</source>
        <translation>另一个程序（工作台或命令行导入）正在写入数据文件，所以这次没有保存，数据也没有任何改动。请稍后再试。</translation>
    </message>
    <message>
        <source>“{rule}” is not a rule: use latest-first, proportional or by-hand.</source>
        <translation>“{rule}”不是分配规则：请用 latest-first、proportional 或 by-hand。</translation>
    </message>
    <message>
        <source>{handed} of {name} were already handed over; {received} cannot have arrived.</source>
        <translation>{name} 已交付 {handed} 件，实到数不能是 {received}。</translation>
    </message>
    <message>
        <source>{name}: the orders keep {allocated} but {received} arrived.</source>
        <translation>{name}：分配给订单 {allocated} 件，但实到 {received} 件。</translation>
    </message>
    <message>
        <source>The arrival of “{title}” was already checked. Undo that check to do it again.</source>
        <translation>“{title}”已做过到货核对。如需重做，请先撤销那次核对。</translation>
    </message>
    <message>
        <source>“{name}” names several products: {specs}. Write name|spec.</source>
        <translation>“{name}”对应多个商品：{specs}。请写成 名称|规格。</translation>
    </message>
    <message>
        <source>The data file {path} is empty (0 bytes), but there are backups of this shop beside it; the newest good one is from {backup_at}. Restore it (leader-app restore {backup}); to start a new shop instead, delete the empty file.</source>
        <translation>数据文件 {path} 是空的（0 字节），但旁边有本店的备份；最新的完好备份来自 {backup_at}。请恢复它（leader-app restore {backup}）；如要新开一家店，请先删除这个空文件。</translation>
    </message>
    <message>
        <source>There is not enough free space in {folder} for a backup ({need_mb} MB needed, {free_mb} MB free), so nothing was done. Free some space and try again.</source>
        <translation>{folder} 的剩余空间不够做备份（需要 {need_mb} MB，剩余 {free_mb} MB），因此没有做任何操作。请腾出空间后重试。</translation>
    </message>
    <message>
        <source>The data file {path} could not be repaired ({reason}); restore a backup.</source>
        <translation>数据文件 {path} 无法修复（{reason}）；请恢复备份。</translation>
    </message>
    <message>
        <source>“{value}” is not a number of days or campaigns between 1 and 3650.</source>
        <translation>“{value}”不是 1 到 3650 之间的天数或团数。</translation>
    </message>
    <message>
        <source>Dormant ({dormant} days) must be longer than active ({active} days).</source>
        <translation>沉睡天数（{dormant} 天）必须大于活跃天数（{active} 天）。</translation>
    </message>
    <message>
        <source>There is no segment “{name}”; the segments are {known}.</source>
        <translation>没有“{name}”这个分群；可选分群为 {known}。</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>SKU code</source>
        <translation>商品编码</translation>
    </message>
    <message>
        <source>Member&apos;s note</source>
        <translation>团员备注</translation>
    </message>
    <message>
        <source>Leader&apos;s note</source>
        <translation>团长备注</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
</context>
<context>
    <name>import</name>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>this kind of file cannot be imported ({suffix})</source>
        <translation>不支持导入这种文件（{suffix}）</translation>
    </message>
    <message>
        <source>the workbook is damaged or incomplete</source>
        <translation>工作簿已损坏或不完整</translation>
    </message>
    <message>
        <source>it is not a real Excel workbook ({looks_like})</source>
        <translation>它不是真正的 Excel 工作簿（看起来是 {looks_like}）</translation>
    </message>
    <message>
        <source>the workbook is password-protected; save a copy without a password and import that</source>
        <translation>工作簿设置了密码；请另存一份无密码的副本再导入</translation>
    </message>
    <message>
        <source>the workbook unpacks to an implausible size</source>
        <translation>工作簿解压后大得不合常理</translation>
    </message>
    <message>
        <source>the workbook has no sheet with data</source>
        <translation>工作簿里没有有数据的工作表</translation>
    </message>
    <message>
        <source>the text is in no known encoding</source>
        <translation>无法识别文本的编码</translation>
    </message>
    <message>
        <source>the file cannot be read: {detail}</source>
        <translation>无法读取文件：{detail}</translation>
    </message>
</context>
<context>
    <name>import_fields</name>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>SKU code</source>
        <translation>商品编码</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Order status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <source>Member&apos;s note</source>
        <translation>团员备注</translation>
    </message>
    <message>
        <source>Leader&apos;s note</source>
        <translation>团长备注</translation>
    </message>
    <message>
        <source>Order amount</source>
        <translation>订单金额</translation>
    </message>
    <message>
        <source>Line amount</source>
        <translation>商品金额</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>List price</source>
        <translation>划线价</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>支付时间</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Pickup point</source>
        <translation>自提点</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Referrer&apos;s mobile</source>
        <translation>推荐人手机号</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Unit of sale</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Stock cap</source>
        <translation>限购总量</translation>
    </message>
    <message>
        <source>Limit per member</source>
        <translation>每人限购</translation>
    </message>
    <message>
        <source>Commission rate</source>
        <translation>佣金比例</translation>
    </message>
    <message>
        <source>Items (one a line)</source>
        <translation>商品合计（每行一件）</translation>
    </message>
    <message>
        <source>Line status</source>
        <translation>商品状态</translation>
    </message>
    <message>
        <source>Refunded quantity</source>
        <translation>退款数量</translation>
    </message>
</context>
<context>
    <name>insights</name>
    <message>
        <source>New</source>
        <translation>新会员</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>忠实</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <source>Dormant</source>
        <translation>沉睡</translation>
    </message>
    <message>
        <source>Never ordered</source>
        <translation>从未下单</translation>
    </message>
    <message>
        <source>First order in the last {new_days} days.</source>
        <translation>近 {new_days} 天内首次下单。</translation>
    </message>
    <message>
        <source>Ordered in the last {active_days} days.</source>
        <translation>近 {active_days} 天内下过单。</translation>
    </message>
    <message>
        <source>Ordered in at least {loyal_campaigns} campaigns in the last {loyal_days} days.</source>
        <translation>近 {loyal_days} 天内参与至少 {loyal_campaigns} 个团。</translation>
    </message>
    <message>
        <source>Ordered before, but not in the last {active_days} days; last order within {dormant_days} days.</source>
        <translation>以前下过单，但近 {active_days} 天没有下单；最近一单在 {dormant_days} 天内。</translation>
    </message>
    <message>
        <source>No order for more than {dormant_days} days.</source>
        <translation>超过 {dormant_days} 天没有下单。</translation>
    </message>
    <message>
        <source>No order at all.</source>
        <translation>从来没有下过单。</translation>
    </message>
    <message>
        <source>Members who ordered in at least 2 campaigns, of all who ever ordered.</source>
        <translation>在所有下过单的会员中，参与过至少 2 个团的比例。</translation>
    </message>
    <message>
        <source>Sales divided by orders, all time.</source>
        <translation>累计销售额除以订单数。</translation>
    </message>
    <message>
        <source>Orders in the last 30 days per active member.</source>
        <translation>近30天的订单数除以活跃会员数。</translation>
    </message>
    <message>
        <source>Members whose first order fell in the last 30 days.</source>
        <translation>近30天内首次下单的会员数。</translation>
    </message>
    <message>
        <source>New: first order within (days)</source>
        <translation>新会员：首单在几天内</translation>
    </message>
    <message>
        <source>Active: ordered within (days)</source>
        <translation>活跃：几天内下过单</translation>
    </message>
    <message>
        <source>Loyal: at least (campaigns)</source>
        <translation>忠实：至少参与几个团</translation>
    </message>
    <message>
        <source>Loyal: within (days)</source>
        <translation>忠实：统计几天内</translation>
    </message>
    <message>
        <source>Dormant: nothing for more than (days)</source>
        <translation>沉睡：超过几天未下单</translation>
    </message>
</context>
<context>
    <name>jielong</name>
    <message>
        <source>no building-unit-room found</source>
        <translation>没有找到楼栋-单元-房号</translation>
    </message>
    <message>
        <source>no product found in the entry</source>
        <translation>没有找到商品</translation>
    </message>
    <message>
        <source>“{name}” matches no product of the campaign</source>
        <translation>“{name}”不匹配本活动的任何商品</translation>
    </message>
    <message>
        <source>“{name}” could be {choices}</source>
        <translation>“{name}”可能是 {choices}</translation>
    </message>
    <message>
        <source>“{text}” has no readable quantity</source>
        <translation>“{text}”的数量无法识别</translation>
    </message>
</context>
<context>
    <name>notices</name>
    <message>
        <source>【Goods arrived】{title}</source>
        <translation>【到货通知】{title}</translation>
    </message>
    <message>
        <source>【Please collect】{title}</source>
        <translation>【取货提醒】{title}</translation>
    </message>
    <message>
        <source>【Still unclaimed】{title}</source>
        <translation>【未取提醒】{title}</translation>
    </message>
    <message>
        <source>Pickup point: {point}</source>
        <translation>自提点：{point}</translation>
    </message>
    <message>
        <source>Pickup time: {when}</source>
        <translation>取货时间：{when}</translation>
    </message>
    <message>
        <source>Members and their items:</source>
        <translation>以下邻居的货已到，请凭提货码取货：</translation>
    </message>
    <message>
        <source>Not collected yet, please come soon:</source>
        <translation>以下邻居还没取货，请尽快来取：</translation>
    </message>
    <message>
        <source>Unclaimed after {days} days:</source>
        <translation>到货 {days} 天仍未取：</translation>
    </message>
    <message>
        <source>Extra stock on hand: {items}</source>
        <translation>多到库存：{items}</translation>
    </message>
    <message>
        <source>({n}/{total})</source>
        <translation>（{n}/{total}）</translation>
    </message>
    <message>
        <source>{name}, your goods from {title} have arrived. Pickup code: {code}. Items: {items}. Pickup point: {point}.</source>
        <translation>{name}，您在「{title}」的商品已到货。提货码：{code}。商品：{items}。自提点：{point}。</translation>
    </message>
    <message>
        <source>Nobody to list (yet).</source>
        <translation>暂无需要通知的会员。</translation>
    </message>
</context>
<context>
    <name>pickup</name>
    <message>
        <source>This is not a pickup code of this shop.</source>
        <translation>这不是本店的提货码。</translation>
    </message>
    <message>
        <source>The code&apos;s signature is wrong: it was altered or made up. Do not hand anything over.</source>
        <translation>提货码签名错误：已被篡改或伪造。请不要交付商品。</translation>
    </message>
    <message>
        <source>This code belongs to another shop.</source>
        <translation>这是其他店铺的提货码。</translation>
    </message>
    <message>
        <source>No order has this code.</source>
        <translation>没有订单对应这个提货码。</translation>
    </message>
    <message>
        <source>Order {order_no} was cancelled.</source>
        <translation>订单 {order_no} 已取消。</translation>
    </message>
    <message>
        <source>Order {order_no} was refunded.</source>
        <translation>订单 {order_no} 已退款。</translation>
    </message>
    <message>
        <source>The goods of “{campaign}” have not arrived yet (status: {status}).</source>
        <translation>“{campaign}”的商品还没到货（当前：{status}）。</translation>
    </message>
    <message>
        <source>Already picked up at {time} (checked off by {by}).</source>
        <translation>已于 {time} 取货（核销人：{by}）。</translation>
    </message>
    <message>
        <source>Nothing is waiting for {name}.</source>
        <translation>{name} 没有待取的货。</translation>
    </message>
    <message>
        <source>Too many wrong codes: typed codes are refused for {seconds} s. Scan the QR code, or look the member up by name or mobile.</source>
        <translation>错误的提货码太多：{seconds} 秒内不再接受手输提货码。请扫二维码，或按姓名、手机号查找会员。</translation>
    </message>
</context>
<context>
    <name>refunds</name>
    <message>
        <source>Short delivery</source>
        <translation>缺货</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>开团中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已截单</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>已到货</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Open, past deadline</source>
        <translation>开团中，已过截单</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>已下单</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Picked up</source>
        <translation>已提货</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手工</translation>
    </message>
    <message>
        <source>File</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>接龙</source>
        <translation>接龙</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>This desk is not enrolled with HQ yet. Ask HQ for an enrolment code, then enter HQ&apos;s address and the code on the Sync page (or run: leader-app enroll --server URL --code CODE).</source>
        <translation>本机尚未在总部登记。请向总部索取登记码，然后在“同步”页填写总部地址和登记码（或运行：leader-app enroll --server 网址 --code 登记码）。</translation>
    </message>
    <message>
        <source>HQ refused this desk&apos;s token ({detail}). Enrol again; nothing local was lost.</source>
        <translation>总部拒绝了本机的令牌（{detail}）。请重新登记；本地数据没有丢失。</translation>
    </message>
    <message>
        <source>HQ cannot be reached ({detail}); will retry.</source>
        <translation>无法连接总部（{detail}），稍后会自动重试。</translation>
    </message>
    <message>
        <source>HQ had a problem (HTTP {status}); will retry.</source>
        <translation>总部出现问题（HTTP {status}），稍后会自动重试。</translation>
    </message>
    <message>
        <source>HQ needs a newer Leader Desk: {detail}</source>
        <translation>总部需要更新版本的团长工作台：{detail}</translation>
    </message>
    <message>
        <source>Stopped for now with changes still waiting.</source>
        <translation>暂停同步，仍有改动待发送。</translation>
    </message>
    <message>
        <source>HQ does not keep this kind of record</source>
        <translation>总部不保存这类记录</translation>
    </message>
    <message>
        <source>HQ does not understand this change</source>
        <translation>总部无法识别这条改动</translation>
    </message>
    <message>
        <source>the change carried no data</source>
        <translation>这条改动没有数据</translation>
    </message>
    <message>
        <source>a field is longer than HQ accepts</source>
        <translation>有字段超过总部允许的长度</translation>
    </message>
    <message>
        <source>the price is outside what HQ accepts (¥0 to ¥50,000)</source>
        <translation>价格超出总部允许的范围（¥0 至 ¥50,000）</translation>
    </message>
    <message>
        <source>secrets are never sent</source>
        <translation>密钥永远不会发送</translation>
    </message>
    <message>
        <source>the record is too large for HQ</source>
        <translation>记录太大，总部无法接收</translation>
    </message>
    <message>
        <source>Sync stopped on this desk: {detail}</source>
        <translation>本机同步已停止：{detail}</translation>
    </message>
</context>
</TS>
