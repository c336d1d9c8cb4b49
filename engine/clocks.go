package engine

import (
	"context"
	"sync"
	"time"
)

// Clocks knows each shop's human-reply clocks: the KPIs of its platform
// (MT-5), its time zone and how its queue is served. It stamps waiting
// conversations with their deadline for the window and orders the queue
// for routing. A Clocks is safe for concurrent use.
type Clocks struct {
	settings  *Settings
	shops     ShopFinder
	platforms map[string]PlatformKPIs
	platform  sync.Map // shop ID → platform name
}

// NewClocks returns the clocks of the shops: settings give their time
// zones and queue orders, shops their platforms, catalog every platform's
// KPIs (preset.KPIs). A shop of a platform the catalog lacks has MT-1's
// 24 hours only.
func NewClocks(settings *Settings, shops ShopFinder, catalog []PlatformKPIs) *Clocks {
	c := &Clocks{settings: settings, shops: shops, platforms: map[string]PlatformKPIs{}}
	for _, p := range catalog {
		c.platforms[p.Platform] = p
	}
	return c
}

// Catalog returns the KPIs of every platform known.
func (c *Clocks) Catalog() map[string]PlatformKPIs { return c.platforms }

// KPIs returns the KPIs of a shop's platform (ok false: none known).
func (c *Clocks) KPIs(shopID int64) (PlatformKPIs, bool) {
	name, ok := c.platform.Load(shopID)
	if !ok {
		sh, err := c.shops.Shop(context.Background(), shopID)
		if err != nil {
			return PlatformKPIs{}, false
		}
		name = sh.Platform
		c.platform.Store(shopID, name)
	}
	p, ok := c.platforms[name.(string)]
	return p, ok
}

// Location returns the shop's time zone (robot.timezone): its days and
// KPI windows are counted in it.
func (c *Clocks) Location(shopID int64) *time.Location {
	return location(c.settings.For(shopID).TimeZone)
}

// ByDeadline reports whether the shop serves its queue by deadline
// (routing.order=deadline).
func (c *Clocks) ByDeadline(shopID int64) bool {
	return c.settings.For(shopID).QueueOrder == QueueByDeadline
}

// AnyByDeadline reports whether some shop serves its queue by deadline.
func (c *Clocks) AnyByDeadline() bool {
	for _, set := range c.settings.cur.Load().shops {
		if set.QueueOrder == QueueByDeadline {
			return true
		}
	}
	return false
}

// Stamp returns conv with its Deadline and DeadlineKey set (NextDeadline)
// when it is open and a clock runs, cleared otherwise.
func (c *Clocks) Stamp(conv Conversation) Conversation {
	conv.Deadline, conv.DeadlineKey = time.Time{}, ""
	if conv.State == StateClosed {
		return conv
	}
	p, _ := c.KPIs(conv.ShopID)
	if d, ok := NextDeadline(conv.Facts, p.KPIs, c.Location(conv.ShopID)); ok {
		conv.Deadline, conv.DeadlineKey = d.At, d.Key
	}
	return conv
}

// StampAll stamps every conversation of cs in place.
func (c *Clocks) StampAll(cs []Conversation) {
	for i := range cs {
		cs[i] = c.Stamp(cs[i])
	}
}
