<?xml version="1.0" encoding="utf-8"?>
<!--
  Shows Rebound's RSS and Atom feeds (site/*.rss.xml, site/*.atom.xml) as a readable page when someone clicks a
  feed link in a browser. Feed readers ignore it. Browsers apply it only from the same origin,
  which is why the feeds point at it with a relative address.

  Every value is written with xsl:value-of (escaped text) and links only when they are http(s).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="about" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="self"
      select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="page"
      select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <style>
          body { font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f1f1f;
                 max-width: 44rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
          a { color: #00695c; text-underline-offset: 0.15em; }
          .note { background: #e0f2f1; border-left: 0.3rem solid #00796b; padding: 0.75rem 1rem; }
          code { background: #f5f5f5; padding: 0.1rem 0.3rem; word-break: break-all; }
          ol { padding-left: 1.25rem; } li { margin: 0 0 1rem; }
          .meta { color: #555; font-size: 0.9rem; }
          @media (prefers-color-scheme: dark) {
            body { background: #1e1e1e; color: #e8e8e8; } a { color: #4dd0c4; }
            .note { background: #123b37; } code { background: #333; } .meta { color: #bbb; }
          }
        </style>
      </head>
      <body>
        <main>
          <p class="note">
            <strong>This is a web feed.</strong> Copy its address into a feed reader app to get new
            items as they appear:<br/>
            <code><xsl:value-of select="$self"/></code><br/>
            New to feeds? <a href="subscribe/">How to subscribe</a> explains it in a few steps.
          </p>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="$about"/></p>
          <xsl:if test="starts-with($page, 'https://') or starts-with($page, 'http://')">
            <p><a href="{$page}">Open the page this feed follows</a></p>
          </xsl:if>
          <h2>Latest items</h2>
          <xsl:choose>
            <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
              <ol>
                <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
              </ol>
            </xsl:when>
            <xsl:otherwise>
              <p>Nothing here yet. Subscribe anyway: new items will reach your reader when they appear.</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item | atom:entry">
    <xsl:variable name="link" select="link | atom:link[@rel='alternate']/@href"/>
    <li>
      <strong>
        <xsl:choose>
          <xsl:when test="starts-with($link, 'https://') or starts-with($link, 'http://')">
            <a href="{$link}"><xsl:value-of select="title | atom:title"/></a>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="title | atom:title"/></xsl:otherwise>
        </xsl:choose>
      </strong>
      <br/>
      <span class="meta">
        <xsl:value-of select="source | atom:author/atom:name"/>
        <xsl:if test="pubDate | atom:published">
          <xsl:text> · </xsl:text>
          <xsl:value-of select="pubDate | atom:published"/>
        </xsl:if>
      </span>
    </li>
  </xsl:template>
</xsl:stylesheet>
