<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CampaignsPage</name>
    <message numerus="yes">
        <source>%Ln campaign(s)</source>
        <translation>
            <numerusform>%Ln campaign</numerusform>
            <numerusform>%Ln campaigns</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message numerus="yes">
        <source>%Ln product(s)</source>
        <translation>
            <numerusform>%Ln product</numerusform>
            <numerusform>%Ln products</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InsightsPage</name>
    <message numerus="yes">
        <source>%Ln tier(s) expire in the next 30 days; fees due %1</source>
        <translation>
            <numerusform>%Ln tier expires in the next 30 days; fees due %1</numerusform>
            <numerusform>%Ln tiers expire in the next 30 days; fees due %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MemberHistory</name>
    <message numerus="yes">
        <source>%Ln campaign(s) · %1 orders · sales %2 · last pickup %3</source>
        <translation>
            <numerusform>%Ln campaign · %1 orders · sales %2 · last pickup %3</numerusform>
            <numerusform>%Ln campaigns · %1 orders · sales %2 · last pickup %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Referred %Ln member(s)</source>
        <translation>
            <numerusform>Referred %Ln member</numerusform>
            <numerusform>Referred %Ln members</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message numerus="yes">
        <source>%Ln member(s)</source>
        <translation>
            <numerusform>%Ln member</numerusform>
            <numerusform>%Ln members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n member(s): %1?</source>
        <translation>
            <numerusform>Delete %n member: %1?</numerusform>
            <numerusform>Delete %n members: %1?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message numerus="yes">
        <source>%Ln order(s)</source>
        <translation>
            <numerusform>%Ln order</numerusform>
            <numerusform>%Ln orders</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SegmentList</name>
    <message numerus="yes">
        <source>%1 · %Ln member(s)</source>
        <translation>
            <numerusform>%1 · %Ln member</numerusform>
            <numerusform>%1 · %Ln members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln mobile(s)</source>
        <translation>
            <numerusform>Copied %Ln mobile</numerusform>
            <numerusform>Copied %Ln mobiles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln name(s)</source>
        <translation>
            <numerusform>Copied %Ln name</numerusform>
            <numerusform>Copied %Ln names</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message numerus="yes">
        <source>%Ln member(s)</source>
        <translation>
            <numerusform>%Ln member</numerusform>
            <numerusform>%Ln members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln campaign(s) taking orders</source>
        <translation>
            <numerusform>%Ln campaign taking orders</numerusform>
            <numerusform>%Ln campaigns taking orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln order(s) waiting for pickup</source>
        <translation>
            <numerusform>%Ln order waiting for pickup</numerusform>
            <numerusform>%Ln orders waiting for pickup</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln order(s)</source>
        <translation>
            <numerusform>%Ln order</numerusform>
            <numerusform>%Ln orders</numerusform>
        </translation>
    </message>
</context>
</TS>
